namespace MealPlanner.Data.Seeding;

/// <summary>One ingredient line of a sample recipe.</summary>
public sealed record SampleLine(string Ingredient, decimal Quantity, string Unit, string? Note = null);

/// <summary>A sample recipe, with a fixed id so that seeding twice finds it instead of adding it again.</summary>
public sealed record SampleRecipe(
    Guid Id,
    string Title,
    string Description,
    int Servings,
    int PrepMinutes,
    int CookMinutes,
    int Calories,
    decimal ProteinGrams,
    decimal CarbohydrateGrams,
    decimal FatGrams,
    string[] Tags,
    string Instructions,
    SampleLine[] Lines);

/// <summary>Ten everyday recipes, written by the admin, so a fresh environment has something to plan with.</summary>
public static class SampleRecipes
{
    public static IReadOnlyList<SampleRecipe> All { get; } =
    [
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000001"), "Classic Spaghetti Bolognese",
            "A slow-simmered beef and tomato ragù over spaghetti.", 4, 15, 60, 620, 32m, 72m, 20m,
            ["dinner", "italian", "family"],
            "Soften the onion, carrot and celery in olive oil. Brown the beef, add garlic and tomato paste, then the " +
            "crushed tomatoes. Simmer for 45 minutes. Cook the spaghetti, toss with the sauce, finish with parmesan.",
            [
                new("spaghetti", 400m, "g"), new("ground beef", 500m, "g"), new("onion", 1m, "piece", "finely chopped"),
                new("carrot", 1m, "piece", "finely chopped"), new("celery", 1m, "stalk", "finely chopped"),
                new("garlic", 2m, "clove", "minced"), new("crushed tomatoes", 800m, "g"), new("tomato paste", 2m, "tbsp"),
                new("olive oil", 2m, "tbsp"), new("parmesan", 40m, "g", "grated"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000002"), "Chicken Stir-Fry with Vegetables",
            "Quick weeknight stir-fry with crisp vegetables and a soy-ginger sauce.", 4, 15, 12, 430, 34m, 48m, 11m,
            ["dinner", "asian", "quick"],
            "Slice the chicken and vegetables. Stir-fry the chicken in a hot wok until golden, set aside. Stir-fry the " +
            "vegetables with garlic and ginger, return the chicken, add soy sauce and serve over rice.",
            [
                new("chicken breast", 500m, "g", "thinly sliced"), new("bell pepper", 2m, "piece", "sliced"),
                new("broccoli", 250m, "g", "florets"), new("garlic", 2m, "clove", "minced"), new("fresh ginger", 1m, "tbsp", "grated"),
                new("soy sauce", 3m, "tbsp"), new("vegetable oil", 2m, "tbsp"), new("rice", 300m, "g"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000003"), "Overnight Oats with Berries",
            "No-cook breakfast prepared the night before.", 2, 5, 0, 350, 12m, 52m, 9m,
            ["breakfast", "vegetarian", "make-ahead"],
            "Stir the oats, milk, yogurt and honey together in a jar. Refrigerate overnight. Top with berries before serving.",
            [
                new("rolled oats", 100m, "g"), new("milk", 200m, "ml"), new("greek yogurt", 100m, "g"),
                new("honey", 1m, "tbsp"), new("mixed berries", 150m, "g"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000004"), "Lentil Soup",
            "Hearty red lentil soup with cumin and lemon.", 6, 10, 35, 280, 16m, 42m, 5m,
            ["lunch", "vegan", "soup"],
            "Sweat the onion, carrot and garlic in olive oil with cumin. Add the lentils and stock, simmer 25 minutes " +
            "until soft, blend half of it, season and finish with lemon juice.",
            [
                new("red lentils", 300m, "g", "rinsed"), new("onion", 1m, "piece", "chopped"), new("carrot", 2m, "piece", "diced"),
                new("garlic", 3m, "clove", "minced"), new("ground cumin", 2m, "tsp"), new("vegetable stock", 1.5m, "l"),
                new("olive oil", 2m, "tbsp"), new("lemon", 1m, "piece", "juiced"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000005"), "Greek Salad",
            "Tomatoes, cucumber, olives and feta with oregano.", 4, 15, 0, 240, 7m, 10m, 19m,
            ["lunch", "vegetarian", "salad", "quick"],
            "Cut the tomatoes, cucumber and onion into chunks. Add olives and feta, dress with olive oil and oregano.",
            [
                new("tomato", 4m, "piece"), new("cucumber", 1m, "piece"), new("red onion", 0.5m, "piece", "thinly sliced"),
                new("kalamata olives", 80m, "g"), new("feta", 200m, "g"), new("olive oil", 3m, "tbsp"), new("dried oregano", 1m, "tsp"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000006"), "Baked Salmon with Roasted Potatoes",
            "Sheet-pan salmon fillets with lemon and crispy potatoes.", 4, 10, 35, 520, 36m, 34m, 26m,
            ["dinner", "fish", "gluten-free"],
            "Roast the halved potatoes in olive oil at 220°C for 20 minutes. Add the salmon with lemon slices and dill, " +
            "roast 12 to 15 minutes more until the fish flakes.",
            [
                new("salmon fillet", 4m, "piece"), new("baby potatoes", 800m, "g", "halved"), new("olive oil", 3m, "tbsp"),
                new("lemon", 1m, "piece", "sliced"), new("fresh dill", 2m, "tbsp", "chopped"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000007"), "Vegetable Omelette",
            "Fluffy eggs folded over peppers, spinach and cheese.", 1, 5, 8, 380, 24m, 6m, 28m,
            ["breakfast", "vegetarian", "quick", "gluten-free"],
            "Whisk the eggs with a pinch of salt. Soften the pepper and spinach in butter, pour in the eggs, cook until " +
            "just set, scatter the cheese and fold.",
            [
                new("egg", 3m, "piece"), new("bell pepper", 0.5m, "piece", "diced"), new("baby spinach", 30m, "g"),
                new("cheddar", 25m, "g", "grated"), new("butter", 10m, "g"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000008"), "Chickpea Curry",
            "Creamy coconut chickpea curry with spinach.", 4, 10, 25, 450, 14m, 46m, 22m,
            ["dinner", "vegan", "indian"],
            "Fry the onion, garlic and ginger, add curry powder, then the chickpeas, tomatoes and coconut milk. Simmer " +
            "15 minutes, stir in the spinach and serve with rice.",
            [
                new("chickpeas", 2m, "can", "drained"), new("coconut milk", 400m, "ml"), new("crushed tomatoes", 400m, "g"),
                new("onion", 1m, "piece", "chopped"), new("garlic", 3m, "clove", "minced"), new("fresh ginger", 1m, "tbsp", "grated"),
                new("curry powder", 2m, "tbsp"), new("baby spinach", 100m, "g"), new("rice", 300m, "g"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000009"), "Turkey and Avocado Wrap",
            "Packed lunch wrap with turkey, avocado and crunchy lettuce.", 2, 10, 0, 410, 28m, 36m, 17m,
            ["lunch", "quick", "make-ahead"],
            "Spread the tortillas with mashed avocado, layer turkey, lettuce and tomato, roll tightly and halve.",
            [
                new("flour tortilla", 2m, "piece"), new("sliced turkey breast", 150m, "g"), new("avocado", 1m, "piece", "mashed"),
                new("lettuce", 4m, "leaf"), new("tomato", 1m, "piece", "sliced"),
            ]),
        new(Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000010"), "Banana Pancakes",
            "Soft pancakes with mashed banana in the batter.", 4, 10, 15, 330, 9m, 52m, 9m,
            ["breakfast", "vegetarian", "family"],
            "Mash the bananas, whisk in the eggs and milk, fold in flour and baking powder. Cook ladlefuls in a buttered " +
            "pan until bubbles form, flip and cook one minute more. Serve with maple syrup.",
            [
                new("banana", 2m, "piece", "ripe"), new("all-purpose flour", 200m, "g"), new("milk", 250m, "ml"),
                new("egg", 2m, "piece"), new("baking powder", 2m, "tsp"), new("butter", 20m, "g"), new("maple syrup", 4m, "tbsp"),
            ]),
    ];
}

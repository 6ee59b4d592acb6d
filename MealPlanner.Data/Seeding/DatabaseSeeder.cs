using Microsoft.EntityFrameworkCore;

namespace MealPlanner.Data.Seeding;

/// <summary>
/// Inserts what a fresh environment needs and nothing that is already there: the admin (found by email), the
/// sample ingredients (by name) and recipes (by their fixed ids). It never updates a row, so a second run changes
/// nothing, an admin who changed their password keeps it, and a sample recipe someone soft-deleted stays deleted.
/// </summary>
public sealed class DatabaseSeeder(MealPlannerDbContext db)
{
    public async Task<SeedReport> SeedAsync(SeedSettings settings, CancellationToken ct)
    {
        var (admin, adminCreated) = await FindOrAddAdminAsync(settings, ct);
        var ingredients = await FindOrAddIngredientsAsync(ct);
        var ingredientsCreated = ingredients.Values.Count(i => db.Entry(i).State == EntityState.Added);
        var recipesCreated = await AddMissingRecipesAsync(admin, ingredients, ct);

        await db.SaveChangesAsync(ct);
        return new SeedReport(adminCreated, ingredientsCreated, recipesCreated);
    }

    private async Task<(User Admin, bool Created)> FindOrAddAdminAsync(SeedSettings settings, CancellationToken ct)
    {
        var admin = await db.Users.SingleOrDefaultAsync(u => u.Email == AdminAccount.Email, ct);
        if (admin is not null)
        {
            return (admin, false);
        }

        if (string.IsNullOrEmpty(settings.AdminPassword))
        {
            // Refusing beats inventing a password nobody knows or shipping a default one.
            throw new InvalidOperationException(
                $"{SeedSettings.AdminPasswordKey} is not set, so the admin user cannot be created.");
        }

        admin = AdminAccount.Create(settings.AdminPassword);
        db.Users.Add(admin);
        return (admin, true);
    }

    private async Task<Dictionary<string, Ingredient>> FindOrAddIngredientsAsync(CancellationToken ct)
    {
        var names = SampleRecipes.All.SelectMany(r => r.Lines).Select(l => l.Ingredient).Distinct().ToList();
        var found = await db.Ingredients.Where(i => names.Contains(i.Name)).ToDictionaryAsync(i => i.Name, ct);
        foreach (var name in names.Where(n => !found.ContainsKey(n)))
        {
            found[name] = db.Ingredients.Add(new Ingredient { Name = name }).Entity;
        }

        return found;
    }

    private async Task<int> AddMissingRecipesAsync(User author, Dictionary<string, Ingredient> ingredients, CancellationToken ct)
    {
        var ids = SampleRecipes.All.Select(r => r.Id).ToList();
        var existing = await db.Recipes.Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
        var missing = SampleRecipes.All.Where(r => !existing.Contains(r.Id)).ToList();
        db.Recipes.AddRange(missing.Select(sample => ToRecipe(sample, author, ingredients)));
        return missing.Count;
    }

    private static Recipe ToRecipe(SampleRecipe sample, User author, Dictionary<string, Ingredient> ingredients) => new()
    {
        Id = sample.Id,
        Author = author,
        Title = sample.Title,
        Description = sample.Description,
        Instructions = sample.Instructions,
        Servings = sample.Servings,
        PrepMinutes = sample.PrepMinutes,
        CookMinutes = sample.CookMinutes,
        CaloriesPerServing = sample.Calories,
        ProteinGramsPerServing = sample.ProteinGrams,
        CarbohydrateGramsPerServing = sample.CarbohydrateGrams,
        FatGramsPerServing = sample.FatGrams,
        Tags = [.. sample.Tags],
        Ingredients = [.. sample.Lines.Select((line, position) => new RecipeIngredient
        {
            Ingredient = ingredients[line.Ingredient],
            Quantity = line.Quantity,
            Unit = line.Unit,
            Note = line.Note,
            Position = position,
        })],
    };
}

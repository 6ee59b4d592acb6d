using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MealPlanner.Data;

/// <summary>How much of one ingredient a recipe takes, for the recipe's own number of servings.</summary>
public sealed class RecipeIngredient
{
    public Guid RecipeId { get; set; }
    public Recipe? Recipe { get; set; }
    public Guid IngredientId { get; set; }
    public Ingredient? Ingredient { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }

    /// <summary>"finely chopped", "at room temperature".</summary>
    public string? Note { get; set; }

    /// <summary>Order in the ingredient list, as the author wrote it.</summary>
    public int Position { get; set; }
}

internal sealed class RecipeIngredientConfiguration : IEntityTypeConfiguration<RecipeIngredient>
{
    public void Configure(EntityTypeBuilder<RecipeIngredient> line)
    {
        line.ToTable("recipe_ingredients", table =>
        {
            table.HasCheckConstraint("recipe_ingredients_quantity_check", "quantity > 0");
            table.HasCheckConstraint("recipe_ingredients_position_check", "position >= 0");
        });
        // One line per ingredient in a recipe: the key is also the uniqueness rule.
        line.HasKey(l => new { l.RecipeId, l.IngredientId }).HasName("recipe_ingredients_pkey");
        line.Property(l => l.Quantity).HasPrecision(10, 3);
        line.Property(l => l.Unit).HasMaxLength(30);
        line.Property(l => l.Note).HasMaxLength(255);

        line.HasOne(l => l.Recipe).WithMany(r => r.Ingredients)
            .HasForeignKey(l => l.RecipeId)
            .HasConstraintName("recipe_ingredients_recipe_id_fkey")
            .OnDelete(DeleteBehavior.Cascade);
        // An ingredient still used by a recipe cannot disappear from under it.
        line.HasOne(l => l.Ingredient).WithMany()
            .HasForeignKey(l => l.IngredientId)
            .HasConstraintName("recipe_ingredients_ingredient_id_fkey")
            .OnDelete(DeleteBehavior.Restrict);
        // "Which recipes use chickpeas?"
        line.HasIndex(l => l.IngredientId, "idx_recipe_ingredients_ingredient_id")
            .HasDatabaseName("idx_recipe_ingredients_ingredient_id");
    }
}

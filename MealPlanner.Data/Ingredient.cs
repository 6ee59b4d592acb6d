using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MealPlanner.Data;

/// <summary>Something a recipe uses, named once so shopping lists can add up the same ingredient across recipes.</summary>
public sealed class Ingredient
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class IngredientConfiguration : IEntityTypeConfiguration<Ingredient>
{
    public void Configure(EntityTypeBuilder<Ingredient> ingredient)
    {
        ingredient.ToTable("ingredients");
        ingredient.HasKey(i => i.Id).HasName("ingredients_pkey");
        ingredient.Property(i => i.Id).HasDefaultValueSql("gen_random_uuid()");
        ingredient.Property(i => i.Name).HasMaxLength(100);
        // A unique index rather than a constraint, so a misspelt name can be corrected through EF Core.
        ingredient.HasIndex(i => i.Name, "ingredients_name_key").HasDatabaseName("ingredients_name_key").IsUnique();
        ingredient.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        ingredient.Property(i => i.UpdatedAt).HasDefaultValueSql("now()").KeepCurrentByTrigger();
    }
}

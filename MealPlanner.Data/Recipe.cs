using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MealPlanner.Data;

/// <summary>A dish someone can cook: what goes in, how long it takes, what one serving gives.</summary>
public sealed class Recipe
{
    public Guid Id { get; set; }

    /// <summary>Who wrote it; null for a recipe whose author's account is gone (the recipe outlives them).</summary>
    public Guid? AuthorId { get; set; }
    public User? Author { get; set; }

    public required string Title { get; set; }
    public string? Description { get; set; }
    public required string Instructions { get; set; }
    public int Servings { get; set; }
    public int PrepMinutes { get; set; }
    public int CookMinutes { get; set; }

    // Nutrition of one serving; null while unknown, which is not the same as zero.
    public int? CaloriesPerServing { get; set; }
    public decimal? ProteinGramsPerServing { get; set; }
    public decimal? CarbohydrateGramsPerServing { get; set; }
    public decimal? FatGramsPerServing { get; set; }

    /// <summary>Object key in the image bucket (<c>recipes/{id}/...</c>), never a URL: the CDN host differs per environment.</summary>
    public string? ImageKey { get; set; }
    public List<string> Tags { get; set; } = [];

    public List<RecipeIngredient> Ingredients { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

internal sealed class RecipeConfiguration : IEntityTypeConfiguration<Recipe>
{
    public void Configure(EntityTypeBuilder<Recipe> recipe)
    {
        recipe.ToTable("recipes", table =>
        {
            table.HasCheckConstraint("recipes_servings_check", "servings > 0");
            table.HasCheckConstraint("recipes_prep_minutes_check", "prep_minutes >= 0");
            table.HasCheckConstraint("recipes_cook_minutes_check", "cook_minutes >= 0");
            table.HasCheckConstraint("recipes_nutrition_check",
                "calories_per_serving >= 0 AND protein_grams_per_serving >= 0 " +
                "AND carbohydrate_grams_per_serving >= 0 AND fat_grams_per_serving >= 0");
        });
        recipe.HasKey(r => r.Id).HasName("recipes_pkey");
        recipe.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        recipe.Property(r => r.Title).HasMaxLength(200);
        recipe.Property(r => r.ImageKey).HasMaxLength(1024);
        recipe.Property(r => r.PrepMinutes).HasDefaultValue(0);
        recipe.Property(r => r.CookMinutes).HasDefaultValue(0);
        recipe.Property(r => r.ProteinGramsPerServing).HasPrecision(6, 1);
        recipe.Property(r => r.CarbohydrateGramsPerServing).HasPrecision(6, 1);
        recipe.Property(r => r.FatGramsPerServing).HasPrecision(6, 1);
        recipe.Property(r => r.Tags).HasDefaultValueSql("'{}'::text[]");
        recipe.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        recipe.Property(r => r.UpdatedAt).HasDefaultValueSql("now()").KeepCurrentByTrigger();

        recipe.HasOne(r => r.Author).WithMany()
            .HasForeignKey(r => r.AuthorId)
            .HasConstraintName("recipes_author_id_fkey")
            .OnDelete(DeleteBehavior.SetNull);

        // A person does not keep two live recipes with the same title; the seeds rely on it to stay single.
        recipe.HasIndex(r => new { r.AuthorId, r.Title }, "recipes_author_id_title_key")
            .HasDatabaseName("recipes_author_id_title_key").IsUnique().HasFilter("deleted_at IS NULL");
        // "My recipes" (and the SET NULL when a user row goes, which sees deleted recipes too), "newest first",
        // and "tagged vegetarian" (array containment needs GIN).
        recipe.HasIndex(r => r.AuthorId, "idx_recipes_author_id").HasDatabaseName("idx_recipes_author_id");
        recipe.HasIndex(r => r.CreatedAt, "idx_recipes_created_at").HasDatabaseName("idx_recipes_created_at")
            .HasFilter("deleted_at IS NULL");
        recipe.HasIndex(r => r.Tags, "idx_recipes_tags").HasDatabaseName("idx_recipes_tags").HasMethod("gin");
    }
}

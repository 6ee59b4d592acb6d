using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MealPlanner.Data;

/// <summary>One recipe planned for one meal of one day, scaled to a number of servings.</summary>
public sealed class MealPlanEntry
{
    public Guid Id { get; set; }
    public Guid MealPlanId { get; set; }
    public MealPlan? MealPlan { get; set; }
    public Guid RecipeId { get; set; }
    public Recipe? Recipe { get; set; }
    public DateOnly PlannedOn { get; set; }
    public MealType MealType { get; set; }
    public int Servings { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class MealPlanEntryConfiguration : IEntityTypeConfiguration<MealPlanEntry>
{
    public void Configure(EntityTypeBuilder<MealPlanEntry> entry)
    {
        entry.ToTable("meal_plan_entries", table =>
        {
            table.HasCheckConstraint("meal_plan_entries_servings_check", "servings > 0");
            table.HasCheckConstraint("meal_plan_entries_meal_type_check", $"meal_type IN ({MealTypes.SqlList()})");
        });
        entry.HasKey(e => e.Id).HasName("meal_plan_entries_pkey");
        entry.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        entry.Property(e => e.MealType).HasMaxLength(20)
            .HasConversion(t => t.ToDatabaseValue(), value => MealTypes.FromDatabaseValue(value));
        entry.Property(e => e.Servings).HasDefaultValue(1);
        entry.Property(e => e.CreatedAt).HasDefaultValueSql("now()");
        entry.Property(e => e.UpdatedAt).HasDefaultValueSql("now()").KeepCurrentByTrigger();

        entry.HasOne(e => e.MealPlan).WithMany(p => p.Entries)
            .HasForeignKey(e => e.MealPlanId)
            .HasConstraintName("meal_plan_entries_meal_plan_id_fkey")
            .OnDelete(DeleteBehavior.Cascade);
        // Recipes are soft-deleted; a hard delete of one still planned is refused rather than emptying plans.
        entry.HasOne(e => e.Recipe).WithMany()
            .HasForeignKey(e => e.RecipeId)
            .HasConstraintName("meal_plan_entries_recipe_id_fkey")
            .OnDelete(DeleteBehavior.Restrict);

        // The same recipe twice in the same slot is a double click, not a plan. Its leading columns also serve
        // "the entries of this plan, day by day".
        entry.HasIndex(e => new { e.MealPlanId, e.PlannedOn, e.MealType, e.RecipeId },
                "meal_plan_entries_slot_recipe_key")
            .HasDatabaseName("meal_plan_entries_slot_recipe_key").IsUnique();
        entry.HasIndex(e => e.RecipeId, "idx_meal_plan_entries_recipe_id").HasDatabaseName("idx_meal_plan_entries_recipe_id");
    }
}

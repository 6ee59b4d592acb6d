using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MealPlanner.Data;

/// <summary>A person's plan for a span of days (usually a week).</summary>
public sealed class MealPlan
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public List<MealPlanEntry> Entries { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

internal sealed class MealPlanConfiguration : IEntityTypeConfiguration<MealPlan>
{
    public void Configure(EntityTypeBuilder<MealPlan> plan)
    {
        plan.ToTable("meal_plans", table =>
            table.HasCheckConstraint("meal_plans_dates_check", "ends_on >= starts_on"));
        plan.HasKey(p => p.Id).HasName("meal_plans_pkey");
        plan.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
        plan.Property(p => p.Name).HasMaxLength(255);
        plan.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        plan.Property(p => p.UpdatedAt).HasDefaultValueSql("now()").KeepCurrentByTrigger();

        // Plans are personal: they go when their owner's row goes (a soft-deleted user keeps them).
        plan.HasOne(p => p.User).WithMany()
            .HasForeignKey(p => p.UserId)
            .HasConstraintName("meal_plans_user_id_fkey")
            .OnDelete(DeleteBehavior.Cascade);
        // "My plans around this date."
        plan.HasIndex(p => new { p.UserId, p.StartsOn }, "idx_meal_plans_user_id_starts_on")
            .HasDatabaseName("idx_meal_plans_user_id_starts_on").HasFilter("deleted_at IS NULL");
    }
}

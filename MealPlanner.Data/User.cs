using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MealPlanner.Data;

/// <summary>A person who plans meals; the table follows the spec's DDL (migrations/001_create_users.sql).</summary>
public sealed class User
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public required string Name { get; set; }
    public string Role { get; set; } = "user";
    public string Preferences { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users");
        user.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
        user.Property(u => u.Email).HasMaxLength(255);
        user.HasIndex(u => u.Email).IsUnique();
        user.Property(u => u.PasswordHash).HasMaxLength(255);
        user.Property(u => u.Name).HasMaxLength(255);
        user.Property(u => u.Role).HasMaxLength(50).HasDefaultValue("user");
        user.Property(u => u.Preferences).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        user.Property(u => u.UpdatedAt).HasDefaultValueSql("now()");
        user.HasIndex(u => u.Email).HasDatabaseName("idx_users_email").HasFilter("deleted_at IS NULL");
        user.HasIndex(u => u.CreatedAt).HasDatabaseName("idx_users_created_at");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MealPlanner.Data;

/// <summary>A person who plans meals; the table follows the spec's DDL (migrations/001_create_users.sql) to the
/// letter, constraint and index names included, so the live schema can be compared with it.</summary>
public sealed class User
{
    public const string DefaultRole = "user";
    public const string AdminRole = "admin";

    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public required string Name { get; set; }
    public string Role { get; set; } = DefaultRole;
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
        // The names PostgreSQL gives the spec's inline PRIMARY KEY and UNIQUE, not the naming convention's.
        user.HasKey(u => u.Id).HasName("users_pkey");
        user.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
        user.Property(u => u.Email).HasMaxLength(255);
        // The spec's `email ... UNIQUE` is a table constraint, so it is an alternate key here. EF Core never
        // modifies a key through the change tracker: change an email with ExecuteUpdateAsync.
        user.HasAlternateKey(u => u.Email).HasName("users_email_key");
        user.Property(u => u.PasswordHash).HasMaxLength(255);
        user.Property(u => u.Name).HasMaxLength(255);
        user.Property(u => u.Role).HasMaxLength(50).HasDefaultValue(User.DefaultRole);
        user.Property(u => u.Preferences).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        user.Property(u => u.UpdatedAt).HasDefaultValueSql("now()").KeepCurrentByTrigger();
        user.HasIndex(u => u.Email, "idx_users_email").HasDatabaseName("idx_users_email").HasFilter("deleted_at IS NULL");
        user.HasIndex(u => u.CreatedAt, "idx_users_created_at").HasDatabaseName("idx_users_created_at");
    }
}

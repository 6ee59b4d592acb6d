namespace MealPlanner.Tests.Database;

/// <summary>The spec's DDL, quoted verbatim from epic-1-infrastructure.md ("Database Schema Deployment"):
/// the reference the live <c>users</c> table is compared with.</summary>
internal static class SpecDdl
{
    public const string CreateUsers = """
        -- migrations/001_create_users.sql
        CREATE TABLE users (
          id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
          email VARCHAR(255) NOT NULL UNIQUE,
          password_hash VARCHAR(255) NOT NULL,
          name VARCHAR(255) NOT NULL,
          role VARCHAR(50) NOT NULL DEFAULT 'user',
          preferences JSONB NOT NULL DEFAULT '{}'::jsonb,
          created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
          updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
          deleted_at TIMESTAMPTZ
        );

        CREATE INDEX idx_users_email ON users(email) WHERE deleted_at IS NULL;
        CREATE INDEX idx_users_created_at ON users(created_at);
        """;
}

using MealPlanner.Data.Seeding;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Database;

/// <summary>The seeds the platform's migration worker left in the shared <c>mealplanner</c> database.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SeedTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_admin_exists_once_with_a_bcrypt_12_hash_of_the_admin_password_parameter()
    {
        var admins = await Sql.RowsAsync(await platform.DirectAsync(),
            $"SELECT role, name, password_hash FROM users WHERE email = '{AdminAccount.Email}'");

        var (role, name, hash) = Assert.Single(admins).Split(" | ") is [var r, var n, var h] ? (r, n, h) : default;
        Assert.Equal("admin", role);
        Assert.Equal(AdminAccount.Name, name);
        Assert.StartsWith("$2b$12$", hash);
        Assert.True(BCrypt.Net.BCrypt.Verify(platform.AdminPassword, hash));
        Assert.False(BCrypt.Net.BCrypt.Verify("AdminPassword123!", hash), "the spec's example password must not work");
    }

    [Fact]
    public async Task Ten_sample_recipes_by_the_admin_each_with_its_ingredients()
    {
        var ids = string.Join(", ", SampleRecipes.All.Select(r => $"'{r.Id}'"));

        var recipes = await Sql.RowsAsync(await platform.DirectAsync(), $"""
            SELECT r.title, u.email, count(ri.ingredient_id)
            FROM recipes r
            JOIN users u ON u.id = r.author_id
            LEFT JOIN recipe_ingredients ri ON ri.recipe_id = r.id
            WHERE r.id IN ({ids}) AND r.deleted_at IS NULL
            GROUP BY r.id, r.title, u.email
            ORDER BY r.title
            """);

        Assert.Equal(10, SampleRecipes.All.Count);
        Assert.Equal(
            SampleRecipes.All.OrderBy(r => r.Title, StringComparer.Ordinal).Select(r => $"{r.Title} | {AdminAccount.Email} | {r.Lines.Length}"),
            recipes.Order(StringComparer.Ordinal));
    }
}

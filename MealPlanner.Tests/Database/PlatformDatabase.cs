using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Database;

/// <summary>What the database tests need from the shared platform.</summary>
internal static class PlatformDatabase
{
    /// <summary>The direct connection string of the shared, migrated <c>mealplanner</c> database.</summary>
    public static Task<string> DirectAsync(this PlatformFixture platform) => platform.ConnectionStringAsync("mealplanner");
}

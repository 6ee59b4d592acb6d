using Aspire.Hosting.ApplicationModel;
using MealPlanner.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace MealPlanner.Tests.Database;

/// <summary>What the database tests need from the shared platform.</summary>
internal static class PlatformDatabase
{
    public const string AdminPasswordParameter = "admin-password";

    /// <summary>The direct connection string of the shared, migrated <c>mealplanner</c> database.</summary>
    public static Task<string> DirectAsync(this PlatformFixture platform) => platform.ConnectionStringAsync("mealplanner");

    /// <summary>The value the AppHost's secret <c>admin-password</c> parameter gave the migration worker.</summary>
    public static async Task<string> AdminPasswordAsync(this PlatformFixture platform)
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == AdminPasswordParameter);
        return await parameter.GetValueAsync(CancellationToken.None)
            ?? throw new InvalidOperationException($"{AdminPasswordParameter} has no value");
    }
}

using Aspire.Hosting.Testing;

namespace MealPlanner.Tests.Platform;

/// <summary>The AppHost's resource graph in a local mode, built without starting anything, for tests that read it.</summary>
internal static class AppModel
{
    public static async Task<IDistributedApplicationTestingBuilder> BuildAsync(string runtime, params string[] settings) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.MealPlanner_AppHost>(
            [$"LocalRuntime={runtime}", $"LocalData:Path={Path.Combine(Path.GetTempPath(), "mealplanner-app-model")}", .. settings],
            (options, _) => options.DisableDashboard = true);
}

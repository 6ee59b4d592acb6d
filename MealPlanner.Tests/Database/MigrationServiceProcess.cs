using System.Diagnostics;

namespace MealPlanner.Tests.Database;

/// <summary>Runs the MealPlanner.MigrationService executable as ECS or Aspire runs it, and returns its exit code and
/// its whole output.</summary>
internal static class MigrationServiceProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, string? adminPassword = null, params string[] arguments)
    {
        var worker = new ProcessStartInfo("dotnet")
        {
            Environment =
            {
                ["ConnectionStrings__mealplanner"] = connectionString,
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        worker.ArgumentList.Add(WorkerAssembly);
        foreach (var argument in arguments)
        {
            worker.ArgumentList.Add(argument);
        }

        if (adminPassword is not null)
        {
            worker.Environment["Seed__AdminPassword"] = adminPassword;
        }

        using var process = Process.Start(worker)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The worker built beside these tests (the AppHost's project reference builds it), same configuration.</summary>
    private static string WorkerAssembly
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var path = Path.Combine(SchemaTests.RepositoryRoot, "MealPlanner.MigrationService", "bin", configuration,
                testBin.Name, "MealPlanner.MigrationService.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
        }
    }
}

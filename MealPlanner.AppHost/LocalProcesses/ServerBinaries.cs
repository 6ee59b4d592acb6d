using System.Diagnostics;

namespace MealPlanner.AppHost.LocalProcesses;

/// <summary>Finds the servers that processes mode runs, or says in one line which Debian package to install.</summary>
public static class ServerBinaries
{
    public const int PostgresMajorVersion = 15;

    /// <summary>The folder holding <c>postgres</c> and <c>initdb</c> of PostgreSQL 15.</summary>
    public static string FindPostgresBinDir()
    {
        var candidates = new List<string>();
        if (RunQuietly("pg_config", "--bindir") is { } bindir)
        {
            candidates.Add(bindir);
        }

        candidates.Add($"/usr/lib/postgresql/{PostgresMajorVersion}/bin");
        candidates.AddRange(PathFolders());

        var found = candidates.FirstOrDefault(dir =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")) &&
            RunQuietly(Path.Combine(dir, "postgres"), "--version") is { } version &&
            version.Contains($" {PostgresMajorVersion}.", StringComparison.Ordinal));

        return found ?? throw new MissingServerException(
            $"PostgreSQL {PostgresMajorVersion} server not found (looked in {string.Join(", ", candidates.Distinct())}). " +
            $"Install it: sudo apt-get install postgresql-{PostgresMajorVersion}");
    }

    public static string FindRedisServer() => FindOnPath("redis-server", "redis-server");

    public static string FindPgBouncer() => FindOnPath("pgbouncer", "pgbouncer");

    /// <summary>s3rver, installed from npm into the AppHost's <c>LocalProcesses/s3rver</c> folder.</summary>
    public static string FindS3Emulator(string appHostDirectory)
    {
        FindOnPath("node", "nodejs");
        var folder = Path.Combine(appHostDirectory, "LocalProcesses", "s3rver");
        var bin = Path.Combine(folder, "node_modules", ".bin", "s3rver");
        return File.Exists(bin)
            ? bin
            : throw new MissingServerException($"The S3 emulator is not installed. Install it: npm ci --prefix {folder}");
    }

    public static string FindOnPath(string program, string package) =>
        PathFolders().Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists)
        ?? throw new MissingServerException($"{program} not found on PATH. Install it: sudo apt-get install {package}");

    /// <summary>True when <paramref name="program"/> is a file in a folder of PATH.</summary>
    public static bool IsOnPath(string program) => PathFolders().Any(dir => File.Exists(Path.Combine(dir, program)));

    private static IEnumerable<string> PathFolders() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);

    private static string? RunQuietly(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(5000);
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

/// <summary>A server that processes mode needs is not installed; the message names the package.</summary>
public sealed class MissingServerException(string message) : AppHostSetupException(message);

namespace MealPlanner.AppHost.LocalProcesses;

/// <summary>
/// Where processes-mode servers keep their data, one sub-folder per resource, like a container volume.
/// Setting <c>LocalData:Path</c> overrides it (tests use a fresh temporary folder).
/// As root the servers run as other users (PostgreSQL refuses root), who cannot enter /root: the data then
/// lives under /var/lib/mealplanner.
/// </summary>
public sealed class LocalDataFolder(string root)
{
    public const string PathSetting = "LocalData:Path";
    public const string WipeSetting = "LocalData:Wipe";

    public string Root { get; } = root;

    public string For(string resourceName) => Path.Combine(Root, resourceName);

    /// <summary>Creates the root, traversable by all (0711) but listable by none, because a server may run as
    /// another user than the AppHost; each server makes its own folder private.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    public static LocalDataFolder FromConfiguration(IConfiguration configuration)
    {
        var configured = configuration[PathSetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new LocalDataFolder(Path.GetFullPath(configured));
        }

        if (System.Environment.UserName == "root")
        {
            return new LocalDataFolder("/var/lib/mealplanner");
        }

        var dataHome = System.Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return new LocalDataFolder(Path.Combine(dataHome, "mealplanner"));
    }

    /// <summary>Deletes one resource's data; the server must be stopped.</summary>
    public void Wipe(string resourceName)
    {
        var folder = For(resourceName);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Deletes every resource's data; only before the servers start.</summary>
    public void WipeAll()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

namespace MealPlanner.AppHost;

/// <summary>Turns a <c>.env</c> file into configuration settings.</summary>
public static class DotEnvSettings
{
    /// <summary>
    /// The file's keys as configuration keys (<c>A__B</c> becomes <c>A:B</c>), leaving out empty values (so a
    /// generated secret stays generated) and keys that <paramref name="existing"/> already sets (the command line and
    /// the real environment win over the file).
    /// </summary>
    public static List<KeyValuePair<string, string?>> Read(string path, IConfiguration existing) =>
        DotNetEnv.Env.NoEnvVars().Load(path)
            .Where(pair => !string.IsNullOrEmpty(pair.Value))
            .Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value))
            .Where(pair => existing[pair.Key] is null)
            .ToList();
}

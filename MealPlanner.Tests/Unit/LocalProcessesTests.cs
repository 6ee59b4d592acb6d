using MealPlanner.AppHost.LocalProcesses;
using Microsoft.Extensions.Configuration;

namespace MealPlanner.Tests.Unit;

public sealed class LocalProcessesTests
{
    [Fact]
    public void A_missing_server_binary_is_one_line_naming_the_package_to_install()
    {
        var error = Assert.Throws<MissingServerException>(() =>
            ServerBinaries.FindOnPath("mealplanner-no-such-server", "mealplanner-server-package"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("apt-get install mealplanner-server-package", error.Message);
    }

    [Fact]
    public void The_data_folder_setting_wins_and_each_resource_gets_its_own_subfolder()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(LocalDataFolder.PathSetting, "/tmp/mp-data")])
            .Build();

        var data = LocalDataFolder.FromConfiguration(configuration);

        Assert.Equal("/tmp/mp-data", data.Root);
        Assert.Equal("/tmp/mp-data/postgres", data.For("postgres"));
    }

    [Fact]
    public void Wiping_removes_one_resource_and_leaves_the_others()
    {
        var root = Directory.CreateTempSubdirectory("mp-wipe-").FullName;
        try
        {
            var data = new LocalDataFolder(root);
            Directory.CreateDirectory(data.For("postgres"));
            File.WriteAllText(Path.Combine(data.For("postgres"), "PG_VERSION"), "15");
            Directory.CreateDirectory(data.For("cache"));

            data.Wipe("postgres");

            Assert.False(Directory.Exists(data.For("postgres")));
            Assert.True(Directory.Exists(data.For("cache")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

using MealPlanner.AppHost;
using Microsoft.Extensions.Configuration;

namespace MealPlanner.Tests.Unit;

public sealed class DcpProcessWatchdogsTests
{
    [Theory]
    [InlineData(null, null, true)]          // the default: no watchdogs
    [InlineData("false", null, true)]
    [InlineData("true", null, false)]       // asked for
    [InlineData(null, "1", false)]          // the user set DCP's own variable: theirs, left alone
    [InlineData("not-a-bool", null, true)]
    public void Watchdogs_are_skipped_unless_the_setting_keeps_them_or_the_variable_is_already_set(
        string? setting, string? variableNow, bool skipped)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new(DcpProcessWatchdogs.Setting, setting)])
            .Build();

        Assert.Equal(skipped, DcpProcessWatchdogs.ShouldSkip(configuration, variableNow));
    }
}

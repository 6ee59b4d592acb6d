using System.Diagnostics.Metrics;

namespace MealPlanner.MigrationService;

/// <summary>How long one migration run took, as <c>mealplanner.migrations.duration{outcome=succeeded|failed}</c> in
/// seconds: a run that grows slower release after release is a lock or a table rewrite to look at before it times out
/// the deployment.</summary>
public sealed class MigrationMetrics
{
    public const string DurationInstrument = "mealplanner.migrations.duration";

    private readonly Histogram<double> _duration;

    public MigrationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaultsExtensions.TelemetrySourceName);
        _duration = meter.CreateHistogram<double>(DurationInstrument, "s", "Duration of one migrate-and-seed run.");
    }

    public void RecordRun(TimeSpan elapsed, bool succeeded, int applied) =>
        _duration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"),
            new KeyValuePair<string, object?>("migrations.applied", applied));
}

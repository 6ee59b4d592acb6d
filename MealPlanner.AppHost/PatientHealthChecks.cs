using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MealPlanner.AppHost;

/// <summary>
/// Aspire checks a resource's health as soon as it runs, and after a failure waits 1 s, then 2 s, ... before the next
/// try (no setting changes that). A server that starts is usually not listening at the first try, so every
/// <c>WaitFor</c> hop lost up to a second to that pause. Each check here instead retries itself every
/// <see cref="Step"/> for up to <see cref="Patience"/>, so a server is seen healthy within a step of its readiness.
/// A server that stays down is still reported unhealthy, <see cref="Patience"/> later.
/// </summary>
public static class PatientHealthChecks
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    /// <summary>Makes every health check the AppHost registers (its own and Aspire's) patient.</summary>
    public static IDistributedApplicationBuilder UsePatientHealthChecks(this IDistributedApplicationBuilder builder)
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                var factory = registration.Factory;
                registration.Factory = services => new PatientHealthCheck(factory(services), Patience, Step, TimeProvider.System);
            }
        });
        return builder;
    }
}

/// <summary>Runs <paramref name="inner"/> until it is healthy or <paramref name="patience"/> has passed; the last
/// result is the answer.</summary>
public sealed class PatientHealthCheck(IHealthCheck inner, TimeSpan patience, TimeSpan step, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var result = await CheckOnceAsync(context, cancellationToken);
            if (result.Status == HealthStatus.Healthy || time.GetElapsedTime(started) + step > patience)
            {
                return result;
            }

            await Task.Delay(step, time, cancellationToken);
        }
    }

    // HealthCheckService would turn a throw into Unhealthy and end the wait; here it is one more failed try.
    private async Task<HealthCheckResult> CheckOnceAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.CheckHealthAsync(context, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}

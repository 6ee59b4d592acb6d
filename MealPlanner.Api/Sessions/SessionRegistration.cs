using MealPlanner.Api.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MealPlanner.Api.Sessions;

/// <summary>Sessions that any API task can serve: session state lives in Redis (the distributed cache), and the Data
/// Protection keys that encrypt the session cookie live in Redis too, under one application name. Without the shared
/// keys, a cookie written by one task would be unreadable by the other and the user would silently lose the session.</summary>
public static class SessionRegistration
{
    public const string CookieName = "mp.session";
    public const string ApplicationName = "MealPlanner.Api";
    public const string KeysKey = CacheRegistration.KeyPrefix + "dataprotection:keys";
    private static readonly TimeSpan KeyRingConnectPatience = TimeSpan.FromMilliseconds(500);

    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        // The key ring is read synchronously: the read waits briefly for the connection, and a disconnected client
        // fails it at once rather than queueing it. A failed read is retried on the next use.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<RedisConnection>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.Get(KeyRingConnectPatience).GetDatabase(), KeysKey));

        builder.Services.AddSession(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.IsEssential = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.IdleTimeout = TimeSpan.FromHours(8);
            // The store bounds each round trip itself (BoundedSessionCache), and must fire first: its time-out marks
            // Redis away, so the middleware's refresh after a failed load skips Redis instead of waiting again.
            options.IOTimeout = BoundedSessionCache.IoTimeout * 2;
        });
        builder.Services.Replace(ServiceDescriptor.Transient<ISessionStore>(sp => new DistributedSessionStore(
            new BoundedSessionCache(sp.GetRequiredService<IDistributedCache>(), sp.GetRequiredService<CacheGuard>()),
            sp.GetRequiredService<ILoggerFactory>())));

        // Data Protection reads the key ring once while the host starts, only to warm it. Redis is still connecting
        // then (it connects in the background), so that read failed and logged an error on every start. Without the
        // warm-up, the first session request reads the ring; nothing else uses it. Last, because AddSession adds
        // Data Protection (and its warm-up) again.
        foreach (var warmUp in builder.Services.Where(IsDataProtectionWarmUp).ToList())
        {
            builder.Services.Remove(warmUp);
        }

        return builder;
    }

    private static bool IsDataProtectionWarmUp(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService) &&
        descriptor.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>Session middleware only where sessions are used: it commits (or at least refreshes the entry in Redis)
    /// after every request it sees, which would cost every recipe read a Redis round trip, and during a Redis outage
    /// its I/O timeout.</summary>
    public static IApplicationBuilder UseSessions(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PreferenceEndpoints.GroupPrefix), branch => branch
            .UseSessionStoreFailureAs503()
            .UseSession());
}

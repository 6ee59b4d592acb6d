using MealPlanner.Api.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace MealPlanner.Api.Sessions;

/// <summary>Sessions that any API task can serve: session state lives in Redis (the distributed cache), and the Data
/// Protection keys that encrypt the session cookie live in Redis too, under one application name. Without the shared
/// keys, a cookie written by one task would be unreadable by the other and the user would silently lose the session.</summary>
public static class SessionRegistration
{
    public const string CookieName = "mp.session";
    public const string ApplicationName = "MealPlanner.Api";
    public const string KeysKey = CacheRegistration.KeyPrefix + "dataprotection:keys";

    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        // The repository needs the multiplexer, which only exists once the container does.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeysKey));

        builder.Services.AddSession(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.IsEssential = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.IdleTimeout = TimeSpan.FromHours(8);
            // Session I/O is a Redis round trip: bounded, so an outage fails the request instead of hanging it.
            options.IOTimeout = TimeSpan.FromSeconds(2);
        });
        return builder;
    }

    /// <summary>Session middleware only where sessions are used: it commits (or at least refreshes the entry in Redis)
    /// after every request it sees, which would cost every recipe read a Redis round trip, and during a Redis outage
    /// its I/O timeout.</summary>
    public static IApplicationBuilder UseSessions(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PreferenceEndpoints.GroupPrefix), branch => branch.UseSession());
}

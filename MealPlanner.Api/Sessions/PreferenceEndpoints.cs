using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MealPlanner.Api.Sessions;

/// <summary><c>GET/PUT /api/session/preferences</c>: display preferences kept in the session (before sign-in exists),
/// which shows the session surviving a hop between API tasks.</summary>
public static class PreferenceEndpoints
{
    public const string GroupPrefix = "/api/session";
    private const string SessionKey = "preferences";
    private static readonly string[] UnitSystems = ["metric", "imperial"];
    private const int MaxDietaryTags = 10;
    private const int MaxTagLength = 30;

    public sealed record Preferences(string Units, int Servings, IReadOnlyList<string> DietaryTags)
    {
        public static Preferences Default { get; } = new("metric", 2, []);
    }

    public static IEndpointRouteBuilder MapSessionPreferences(this IEndpointRouteBuilder routes)
    {
        var session = routes.MapGroup(GroupPrefix).WithTags("Session");
        session.MapGet("/preferences", GetAsync).WithName("GetPreferences");
        session.MapPut("/preferences", PutAsync).WithName("PutPreferences");
        return routes;
    }

    private static async Task<Results<Ok<Preferences>, ProblemHttpResult>> GetAsync(HttpContext context, CancellationToken ct)
    {
        if (!await TryLoadAsync(context, ct))
        {
            return SessionUnavailable();
        }

        var stored = context.Session.GetString(SessionKey);
        return TypedResults.Ok(stored is null ? Preferences.Default : JsonSerializer.Deserialize<Preferences>(stored, JsonSerializerOptions.Web)!);
    }

    private static async Task<Results<Ok<Preferences>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Preferences preferences, HttpContext context, CancellationToken ct)
    {
        if (Validate(preferences) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await TryLoadAsync(context, ct))
        {
            return SessionUnavailable();
        }

        var normalized = preferences with { Units = preferences.Units.ToLowerInvariant() };
        context.Session.SetString(SessionKey, JsonSerializer.Serialize(normalized, JsonSerializerOptions.Web));
        try
        {
            await context.Session.CommitAsync(ct);
        }
        catch (Exception ex) when (IsStoreFailure(ex, ct))
        {
            return SessionUnavailable();
        }

        return TypedResults.Ok(normalized);
    }

    private static Dictionary<string, string[]> Validate(Preferences preferences)
    {
        var errors = new Dictionary<string, string[]>();
        if (!UnitSystems.Contains(preferences.Units?.ToLowerInvariant()))
        {
            errors["units"] = [$"units must be one of {string.Join(", ", UnitSystems)}."];
        }

        if (preferences.Servings is < 1 or > 20)
        {
            errors["servings"] = ["servings must be between 1 and 20."];
        }

        if (preferences.DietaryTags is null || preferences.DietaryTags.Count > MaxDietaryTags ||
            preferences.DietaryTags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTagLength))
        {
            errors["dietaryTags"] = [$"dietaryTags takes at most {MaxDietaryTags} non-empty tags of up to {MaxTagLength} characters."];
        }

        return errors;
    }

    /// <summary>Loads the session explicitly, so a Redis outage is a clear 503 rather than a silently empty session.</summary>
    private static async Task<bool> TryLoadAsync(HttpContext context, CancellationToken ct)
    {
        try
        {
            await context.Session.LoadAsync(ct);
            return context.Session.IsAvailable;
        }
        catch (Exception ex) when (IsStoreFailure(ex, ct))
        {
            return false;
        }
    }

    /// <summary>Redis errors, the store's own time bound and the session's I/O timeout; not a cancelled request.</summary>
    private static bool IsStoreFailure(Exception ex, CancellationToken ct) =>
        !ct.IsCancellationRequested && ex is StackExchange.Redis.RedisException or TimeoutException or OperationCanceledException;

    private static ProblemHttpResult SessionUnavailable() => (ProblemHttpResult)SessionStoreFailure.Unavailable();
}

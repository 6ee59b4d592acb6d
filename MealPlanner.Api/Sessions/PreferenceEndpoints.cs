using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MealPlanner.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MealPlanner.Api.Sessions;

/// <summary><c>GET/PUT /api/session/preferences</c>: display preferences kept in the session (before sign-in exists),
/// which shows the session surviving a hop between API tasks.</summary>
public static class PreferenceEndpoints
{
    public const string GroupPrefix = "/api/session";
    private const string SessionKey = "preferences";
    public const int MaxServings = 20;
    public const int MaxDietaryTags = 10;
    public const int MaxDietaryTagLength = 30;

    // The attributes are the one statement of the rules: validation applies them before PUT runs (a 400 naming each
    // field), and the OpenAPI document declares them.

    /// <summary>How this session wants recipes shown.</summary>
    public sealed record Preferences(
        [property: Required(ErrorMessage = "units must be one of metric, imperial.")]
        [property: AllowedValues("metric", "imperial", ErrorMessage = "units must be one of metric, imperial.")]
        [property: Description("How quantities are shown.")]
        string Units,
        [property: Range(1, MaxServings, ErrorMessage = "servings must be between 1 and 20.")]
        [property: Description("How many servings recipes are scaled to, 1 to 20.")]
        int Servings,
        [property: Required(ErrorMessage = "dietaryTags is required (it may be empty).")]
        [property: MaxLength(MaxDietaryTags, ErrorMessage = "dietaryTags takes at most 10 tags.")]
        [property: ItemLength(1, MaxDietaryTagLength, ErrorMessage = "each of dietaryTags must be 1 to 30 characters and not blank.")]
        [property: Description("Diets to favour, e.g. `vegetarian`: at most 10 tags of 1 to 30 characters.")]
        IReadOnlyList<string> DietaryTags)
    {
        public static Preferences Default { get; } = new("metric", 2, []);
    }

    public static IEndpointRouteBuilder MapSessionPreferences(this IEndpointRouteBuilder routes)
    {
        var session = routes.MapGroup(GroupPrefix).WithTags("Session")
            .Answers(StatusCodes.Status503ServiceUnavailable, "The session store (Redis) does not answer; try again shortly.");
        session.MapGet("/preferences", GetAsync).WithName("GetPreferences")
            .WithSummary("Read this session's preferences")
            .WithDescription("The preferences saved in this session (cookie `mp.session`), or the defaults " +
                "(metric, 2 servings, no tags) in a new one. Sessions expire after 8 hours idle.");
        session.MapPut("/preferences", PutAsync).WithName("PutPreferences")
            .WithSummary("Save this session's preferences")
            .WithDescription("Replaces the preferences saved in this session (cookie `mp.session`, issued if absent) and " +
                "returns them as stored.");
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

    /// <summary>The preferences arrive validated (<see cref="Preferences"/>).</summary>
    private static async Task<Results<Ok<Preferences>, ProblemHttpResult>> PutAsync(
        Preferences preferences, HttpContext context, CancellationToken ct)
    {
        if (!await TryLoadAsync(context, ct))
        {
            return SessionUnavailable();
        }

        context.Session.SetString(SessionKey, JsonSerializer.Serialize(preferences, JsonSerializerOptions.Web));
        try
        {
            await context.Session.CommitAsync(ct);
        }
        catch (Exception ex) when (IsStoreFailure(ex, ct))
        {
            return SessionUnavailable();
        }

        return TypedResults.Ok(preferences);
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

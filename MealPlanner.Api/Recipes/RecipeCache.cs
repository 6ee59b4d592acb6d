using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MealPlanner.Api.Caching;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MealPlanner.Api.Recipes;

/// <summary>The recipe cache's keys and lifetimes. It caches each response's JSON, serialized with the API's own
/// options, so a hit writes bytes without serializing. Keys carry a schema version (<c>v2</c>): a deploy that changes
/// a response shape (or the stored format) bumps it and never reads the old entries. Keys also carry the cache's
/// generation, which any recipe change retires (and a replica retires when Redis comes back after an outage): every
/// cached recipe and listing page goes at once, without scanning keys, so none can outlive a change it missed.</summary>
public sealed class RecipeCache(CacheAside cache, IOptions<HttpJsonOptions> json)
{
    public const string Name = "recipes";
    public const string SchemaVersion = "v2";
    private const string Prefix = "recipes:" + SchemaVersion + ":";
    public static readonly CachePolicy Detail = new(memory: TimeSpan.FromSeconds(30), redis: TimeSpan.FromMinutes(10));
    public static readonly CachePolicy List = new(memory: TimeSpan.FromSeconds(30), redis: TimeSpan.FromMinutes(2));

    /// <summary>Without a generation (Redis away) the key does not matter: the lookup reads from the source.</summary>
    private const string NoGeneration = "none";

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    public static string DetailKey(string generation, Guid id) => $"{Prefix}{generation}:detail:{id:N}";

    public static string PageKey(string generation, RecipeQuery query) => $"{Prefix}{generation}:list:{QueryHash(query)}";

    /// <summary>The query's part of a page key: bounded whatever the search text, and distinct for distinct queries
    /// whatever characters they hold (each field is length-prefixed, a missing one marked as such).</summary>
    public static string QueryHash(RecipeQuery query)
    {
        var text = string.Join('|', Field(query.Limit.ToString(CultureInfo.InvariantCulture)), Field(query.Tag),
            Field(query.Search), Field(query.After?.Encode()));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

        static string Field(string? value) => value is null ? "-" : $"{value.Length}:{value}";
    }

    public async Task<(byte[]? Json, CacheOutcome Outcome)> DetailAsync(
        Guid id, Func<CancellationToken, Task<RecipeDetail?>> load, CancellationToken ct)
    {
        var generation = await cache.GenerationAsync(ct) ?? NoGeneration;
        return await cache.GetOrLoadAsync(Name, DetailKey(generation, id), Detail, async token => Serialize(await load(token)), ct);
    }

    public async Task<(byte[]? Json, CacheOutcome Outcome)> PageAsync(
        RecipeQuery query, Func<CancellationToken, Task<RecipePage?>> load, CancellationToken ct)
    {
        var generation = await cache.GenerationAsync(ct) ?? NoGeneration;
        return await cache.GetOrLoadAsync(Name, PageKey(generation, query), List, async token => Serialize(await load(token)), ct);
    }

    /// <summary>The JSON of a value read from the source, exactly as the API would have written it.</summary>
    public byte[]? Serialize<T>(T? value) where T : class =>
        value is null ? null : JsonSerializer.SerializeToUtf8Bytes(value, _json);

    /// <summary>After a recipe changed: every cached recipe and listing page goes, on every replica, before the change's
    /// response is sent. Recipes change rarely (an image attach) and are read often: one generation for all is simpler
    /// than tracking which pages hold which recipe, and costs one reload per entry and replica.</summary>
    public Task InvalidateAllAsync(CancellationToken ct) => cache.RetireAllAsync(ct);
}

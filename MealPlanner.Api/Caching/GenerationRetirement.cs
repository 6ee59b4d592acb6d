using System.Collections.Concurrent;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace MealPlanner.Api.Caching;

/// <summary>Retires the shared cache generation (<see cref="CacheAside.GenerationKey"/>) in Redis and on every replica,
/// and returns only once each replica has dropped it from its memory: a client that reads right after a change's
/// response, through any replica, sees the change. FusionCache's backplane alone could not promise that: Redis hands
/// its PUBLISH to every subscription at once, but each replica applies it later on its thread pool, and a loaded
/// replica answered a read from memory in between. So the retirement is announced on a channel of its own, every
/// replica (the sender too) drops the generation from memory and then acknowledges, and the sender waits for as many
/// acknowledgements as Redis counted receivers, for at most <see cref="AcknowledgementWait"/>.</summary>
public sealed partial class GenerationRetirement(IFusionCache cache, ILogger<GenerationRetirement> logger)
{
    public static readonly RedisChannel Retired = RedisChannel.Literal(CacheRegistration.KeyPrefix + "cache:retired");
    public static readonly RedisChannel Acknowledged = RedisChannel.Literal(CacheRegistration.KeyPrefix + "cache:retired:ack");

    /// <summary>A replica that has not acknowledged by then is stuck; its memory entries end within their 30 s anyway,
    /// and a change must not wait longer than a client would.</summary>
    public static readonly TimeSpan AcknowledgementWait = TimeSpan.FromSeconds(2);

    /// <summary>This replica only: no Redis, no backplane.</summary>
    private static readonly FusionCacheEntryOptions MemoryOnly = new()
    {
        SkipDistributedCacheRead = true,
        SkipDistributedCacheWrite = true,
        SkipBackplaneNotifications = true,
    };

    private readonly ConcurrentDictionary<string, Acknowledgements> _waiting = new();
    private ISubscriber? _subscriber;

    /// <summary>Subscribes to both channels (the multiplexer resubscribes by itself after a reconnect).</summary>
    public async Task ListenAsync(IConnectionMultiplexer multiplexer)
    {
        var subscriber = multiplexer.GetSubscriber();
        await subscriber.SubscribeAsync(Retired, (_, id) => ForgetAndAcknowledge(subscriber, id));
        await subscriber.SubscribeAsync(Acknowledged, (_, message) =>
        {
            var (id, replica) = Split(message);
            if (_waiting.TryGetValue(id, out var acknowledgements))
            {
                acknowledgements.Add(replica);
            }
        });
        _subscriber = subscriber;
    }

    /// <summary>After a failed <see cref="ListenAsync"/>, so a retry does not leave a handler registered twice.</summary>
    public async Task StopListeningAsync(IConnectionMultiplexer multiplexer)
    {
        var subscriber = multiplexer.GetSubscriber();
        foreach (var channel in new[] { Retired, Acknowledged })
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Not subscribed on the server either; the local handler is gone all the same.
            }
        }
    }

    /// <summary>False when Redis did not take the removal (the caller keeps the cache untrusted, or FusionCache's
    /// auto-recovery replays it); true once Redis holds no generation, even if a replica did not acknowledge in time.</summary>
    public async Task<bool> RetireAsync(CancellationToken ct)
    {
        using (var lookup = CacheLookup.Begin())
        {
            await cache.RemoveAsync(CacheAside.GenerationKey, CacheAside.RemoveOptions, ct);
            if (lookup.RedisFailed)
            {
                return false;
            }
        }

        if (_subscriber is not { } subscriber)
        {
            // Not listening yet, so this replica keeps nothing in memory; FusionCache's backplane told the others.
            return true;
        }

        var id = Guid.NewGuid().ToString("N");
        var acknowledgements = _waiting[id] = new Acknowledgements();
        try
        {
            acknowledgements.Expect(await subscriber.PublishAsync(Retired, id));
            await acknowledgements.All.WaitAsync(AcknowledgementWait, ct);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException && !ct.IsCancellationRequested)
        {
            LogNotAcknowledged(acknowledgements.Received, acknowledgements.Expected, ex.GetType().Name);
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }

        return true;
    }

    private void ForgetAndAcknowledge(ISubscriber subscriber, RedisValue id)
    {
        cache.Remove(CacheAside.GenerationKey, MemoryOnly);
        _ = subscriber.PublishAsync(Acknowledged, $"{id} {cache.InstanceId}", CommandFlags.FireAndForget);
    }

    private static (string Id, string Replica) Split(RedisValue message)
    {
        var text = message.ToString();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..]);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cache generation retired, but only {Received} of {Expected} replicas acknowledged ({Reason}); the rest drop it within 30 s")]
    private partial void LogNotAcknowledged(int received, long expected, string reason);

    /// <summary>Acknowledgements can arrive before PUBLISH returns the number to expect (the sender's own, at least),
    /// and are counted once per replica.</summary>
    private sealed class Acknowledgements
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private readonly HashSet<string> _replicas = [];
        private long _expected = -1;

        public Task All => _all.Task;

        public int Received
        {
            get
            {
                lock (_lock)
                {
                    return _replicas.Count;
                }
            }
        }

        public long Expected => _expected;

        public void Expect(long receivers)
        {
            lock (_lock)
            {
                _expected = receivers;
                CompleteWhenAllIn();
            }
        }

        public void Add(string replica)
        {
            lock (_lock)
            {
                _replicas.Add(replica);
                CompleteWhenAllIn();
            }
        }

        private void CompleteWhenAllIn()
        {
            if (_expected >= 0 && _replicas.Count >= _expected)
            {
                _all.TrySetResult();
            }
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace MealPlanner.Tests.Faults;

/// <summary>A TCP proxy in front of Redis that can turn into a black hole: connections stay open (and new ones are
/// accepted) but no byte crosses any more, as when a network drops packets. A stopped server refuses connections
/// at once; a black hole makes every connect and read hang, which is what client time-outs must bound.
/// (nftables in a private network namespace would do the same in the kernel, but the API under test would have
/// to run inside that namespace and still reach PostgreSQL outside it; the proxy needs neither root nor nft.)</summary>
internal sealed class BlackHoleProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private volatile bool _blackHoled;

    public BlackHoleProxy(IPEndPoint target, bool blackHoled)
    {
        _target = target;
        _blackHoled = blackHoled;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>From now on nothing is forwarded, in either direction, on old or new connections.</summary>
    public void BlackHole() => _blackHoled = true;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(client);
            }

            if (!_blackHoled)
            {
                _ = ForwardAsync(client);
            }
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_connections)
        {
            _connections.Add(server);
        }

        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            await Task.WhenAll(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
        }
        catch (Exception) when (_stop.IsCancellationRequested || _blackHoled)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (_blackHoled)
            {
                // Swallow: the sender sees its write succeed and then waits forever for an answer.
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}

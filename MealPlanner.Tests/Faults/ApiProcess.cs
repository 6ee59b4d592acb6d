using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MealPlanner.Tests.Faults;

/// <summary>One more API process, outside the AppHost, with the environment the AppHost gives the API and the
/// overrides a fault needs (a Redis behind a black hole). Its output goes to <c>TestResults/{name}.log</c>.</summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>When the process was launched, to time its start-up from.</summary>
    public Stopwatch SinceLaunch { get; } = Stopwatch.StartNew();

    public static ApiProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MealPlanner.Api.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment.Remove("ASPNETCORE_HTTPS_PORT");

        var log = Path.Combine(AppContext.BaseDirectory, "TestResults", $"{name}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var writer = new StreamWriter(log, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (writer) { writer.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (writer) { writer.WriteLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ApiProcess(process, address);
    }

    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = cookies is not null })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Polls until <paramref name="path"/> answers 200; the time since launch when it did. A slow answer is
    /// waited for (within the patience), not abandoned and asked again: a cold process's first request is the slowest,
    /// and cancelling it would only start the same work over.</summary>
    public async Task<TimeSpan> WaitUntilOkAsync(string path, TimeSpan patience)
    {
        using var http = CreateClient();
        http.Timeout = patience;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the API process exited with {_process.ExitCode}; see TestResults");
            }

            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return SinceLaunch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{path} did not answer 200 within {patience.TotalSeconds} s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

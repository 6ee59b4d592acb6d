using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MealPlanner.Tests.Unit;

namespace MealPlanner.Tests.Api;

/// <summary>Stoplight Prism as a validating proxy (pinned in scripts/contract-tools): every request passes through it to
/// the API, and it checks the request and the API's answer against an OpenAPI document it reads from disk, knowing
/// nothing of the code. It runs without <c>--errors</c>, so it forwards every request, bad ones too, and reports
/// what breaks the document in each response's <c>sl-violations</c> header (<see cref="ContractRecorder"/>).</summary>
internal sealed class PrismProxy : IAsyncDisposable
{
    public const string ToolsFolder = "scripts/contract-tools";
    private const string Cli = "node_modules/@stoplight/prism-cli/dist/index.js";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PrismProxy(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Installs the tool when missing (like scripts/lint.sh does its own), then starts the proxy and waits
    /// until it listens.</summary>
    public static async Task<PrismProxy> StartAsync(string document, Uri upstream)
    {
        var root = DotEnvSettingsTests.RepositoryRoot();
        await EnsureInstalledAsync(root);
        var port = FreePort();
        var start = new ProcessStartInfo("node",
            [Path.Combine(root, ToolsFolder, Cli), "proxy", document, upstream.GetLeftPart(UriPartial.Authority),
                "--host", "127.0.0.1", "--port", port.ToString(), "--cors", "false", "--errors", "false"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var proxy = new PrismProxy(process, new Uri($"http://127.0.0.1:{port}"));
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (proxy._log)
            {
                proxy._log.AppendLine(e.Data);
            }

            if (e.Data.Contains("Prism is listening", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != listening.Task)
        {
            await proxy.DisposeAsync();
            throw new InvalidOperationException(
                $"prism proxy did not start listening ({(first == exited ? "it exited" : "90 s passed")}):\n{proxy.Log}");
        }

        return proxy;
    }

    private static async Task EnsureInstalledAsync(string root)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(root, ToolsFolder, Cli)))
            {
                return;
            }

            var run = await ScriptRun.RunAsync(root, TimeSpan.FromMinutes(10),
                "npm", "ci", "--prefix", ToolsFolder, "--no-audit", "--no-fund", "--loglevel=error");
            Assert.True(run.ExitCode == 0, $"npm ci --prefix {ToolsFolder} failed ({run.ExitCode}); run it by hand to see why:\n{run.Output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
}

/// <summary>One request through the proxy: what was asked, what the API answered, and what Prism found outside the
/// document. Prism prefixes each finding's location with <c>request</c> or <c>response</c>.</summary>
internal sealed record ContractExchange(string Method, string Target, int Status, bool FromApi, IReadOnlyList<ContractViolation> Violations)
{
    public IEnumerable<ContractViolation> RequestViolations => Violations.Where(v => v.Side == "request");
    public IEnumerable<ContractViolation> ResponseViolations => Violations.Where(v => v.Side != "request");

    public override string ToString()
    {
        var target = Target.Length > 120 ? Target[..120] + "…" : Target;
        return $"{Method} {target} -> {Status}";
    }
}

internal sealed record ContractViolation(string Side, string Location, string Severity, string Message)
{
    public override string ToString() => $"{Severity} at {Location}: {Message}";
}

/// <summary>Records every exchange that passes through the proxy, with the violations Prism reported for it.</summary>
internal sealed class ContractRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly List<ContractExchange> _exchanges = [];

    public IReadOnlyList<ContractExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return [.. _exchanges];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var violations = response.Headers.TryGetValues("sl-violations", out var values)
            ? Parse(string.Join(",", values))
            : [];
        // The API names itself in every answer; an answer without it came from Prism (it could not forward).
        var fromApi = response.Headers.Contains(ApiClient.InstanceHeader);
        var exchange = new ContractExchange(request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode, fromApi, violations);
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }

        return response;
    }

    private static List<ContractViolation> Parse(string header)
    {
        // Prism cuts a header over 8 KiB to "Too many violations! {the start of the JSON}": count it as one finding.
        if (!header.StartsWith('['))
        {
            return [new ContractViolation("response", "(header)", "Error", header.Length > 300 ? header[..300] + "…" : header)];
        }

        var found = new List<ContractViolation>();
        foreach (var item in JsonDocument.Parse(header).RootElement.EnumerateArray())
        {
            var location = item.TryGetProperty("location", out var l) ? l.EnumerateArray().Select(p => p.ToString()).ToList() : [];
            found.Add(new ContractViolation(
                location.FirstOrDefault() ?? "response",
                string.Join('.', location),
                item.TryGetProperty("severity", out var s) ? s.ToString() : "?",
                item.TryGetProperty("message", out var m) ? m.ToString() : item.ToString()));
        }

        return found;
    }
}

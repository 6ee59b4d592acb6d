using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MealPlanner.Api.Hardening;

/// <summary>Gives the requests Kestrel rejects before the app sees them (a request line it cannot parse, a NUL in the
/// path, a bad header, past its size limits, an unknown HTTP version) a problem+json body like every other error.
/// Kestrel writes those answers itself, headers only, and offers no hook: the only place to reach them is the
/// connection, under HTTP. Each flush Kestrel makes is held until it is complete; one that is exactly a headers-only
/// error response without the headers every app response carries (<see cref="SecurityHeaders"/>) is Kestrel's own,
/// and gets a body. Such a response always ends its connection, so rewriting it cannot desynchronise a later one.</summary>
internal static class KestrelRejections
{
    public static void UseProblemBodies(this KestrelServerOptions options) =>
        options.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            var output = new RejectionRewritingWriter(transport.Output);
            connection.Transport = new Transport(transport.Input, output);
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        }));

    private sealed record Transport(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private static ReadOnlySpan<byte> ContentLengthZero => "\r\nContent-Length: 0\r\n"u8;
    private static ReadOnlySpan<byte> HeadersEnd => "\r\n\r\n"u8;

    /// <summary>The problem+json version of a Kestrel rejection, or null for anything else (which passes untouched).</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        if (!written.StartsWith("HTTP/1.1 "u8) || written.Length < 16 || written.IndexOf(HeadersEnd) != written.Length - HeadersEnd.Length ||
            written.IndexOf(ContentLengthZero) < 0 || !Ascii.IsValid(written))
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(written);
        if (text.Contains("X-Content-Type-Options", StringComparison.OrdinalIgnoreCase) ||
            !int.TryParse(text.AsSpan(9, 3), out var status) || status < 400)
        {
            return null;
        }

        var statusLineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var title = text[13..statusLineEnd];
        if (status == StatusCodes.Status505HttpVersionNotsupported)
        {
            // A made-up HTTP version is the client's mistake: as a 5xx it would count against the target error
            // alarms, so a scanner could page someone.
            text = $"HTTP/1.1 400 Bad Request{text[statusLineEnd..]}";
            (status, title) = (StatusCodes.Status400BadRequest, "HTTP version not supported");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new ServerProblem(title, status,
            "The server could not accept the request as sent (its request line, path, headers or framing)."),
            ServerProblemJson.Default.ServerProblem);
        var headers = text[..^HeadersEnd.Length].Replace("\r\nContent-Length: 0", "", StringComparison.Ordinal) +
            $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\nX-Content-Type-Options: nosniff\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(headers), .. body];
    }

    /// <summary>Holds what Kestrel writes until it flushes, then passes it on (rewritten when it is a rejection).</summary>
    private sealed class RejectionRewritingWriter(PipeWriter inner) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> pending = new();

        // System.Text.Json asks how much is pending to decide when to flush a large response.
        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => pending.WrittenCount;

        public override void Advance(int bytes) => pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Forward();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            Forward();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Forward();
            await inner.CompleteAsync(exception);
        }

        private void Forward()
        {
            if (pending.WrittenCount == 0)
            {
                return;
            }

            var written = pending.WrittenSpan;
            if (Rewrite(written) is { } problem)
            {
                inner.Write(problem);
            }
            else
            {
                inner.Write(written);
            }

            pending.ResetWrittenCount();
        }
    }
}

/// <summary>No <c>type</c>: a problem without one means <c>about:blank</c>, the status says it all.</summary>
internal sealed record ServerProblem(string Title, int Status, string Detail);

[System.Text.Json.Serialization.JsonSerializable(typeof(ServerProblem))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ServerProblemJson : System.Text.Json.Serialization.JsonSerializerContext;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MealPlanner.Data.Connecting;

/// <summary>AWS credentials as one signature needs them (a task role's are temporary, with a session token).</summary>
public sealed record AwsKeys(string AccessKeyId, string SecretAccessKey, string? SessionToken);

/// <summary>
/// AWS Signature Version 4 in the query string (a presigned GET). An RDS IAM token is exactly such a URL
/// without its scheme; AWSSDK.RDS, which ships a generator, is not a package this build may restore.
/// </summary>
public static class SigV4Presigner
{
    /// <summary>SHA-256 of an empty body, the payload hash of a presigned request to any service but S3.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Returns "host/path?query&amp;X-Amz-Signature=..." (no scheme).</summary>
    public static string Presign(
        string host, string path, IReadOnlyDictionary<string, string> parameters, string service, string region,
        AwsKeys keys, DateTimeOffset now, TimeSpan expires, string payloadHash = EmptyPayloadHash)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var query = new SortedDictionary<string, string>(parameters.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal)
        {
            ["X-Amz-Algorithm"] = "AWS4-HMAC-SHA256",
            ["X-Amz-Credential"] = $"{keys.AccessKeyId}/{scope}",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Expires"] = ((int)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-Amz-SignedHeaders"] = "host",
        };
        if (keys.SessionToken is { Length: > 0 } token)
        {
            query["X-Amz-Security-Token"] = token;
        }

        var canonicalQuery = string.Join("&", query.Select(p => $"{Encode(p.Key)}={Encode(p.Value)}"));
        var canonicalRequest = $"GET\n{path}\n{canonicalQuery}\nhost:{host}\n\nhost\n{payloadHash}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + keys.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        return $"{host}{path}?{canonicalQuery}&X-Amz-Signature={signature}";
    }

    // RFC 3986 unreserved characters stay, everything else is percent-encoded in upper case, as SigV4 requires.
    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

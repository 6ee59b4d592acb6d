using Amazon.Runtime;

namespace MealPlanner.Api.Images;

/// <summary>The SDK sends <c>x-amz-copy-source: images%2Ftemp%2F...</c>; S3 and MinIO decode it, the s3rver emulator
/// only <c>decodeURI</c>s it and so looks for a bucket named <c>images%2Ftemp%2F...</c>. Our keys are hex digits and
/// slashes, which S3 accepts unencoded too, so the header is sent decoded. Applied only where the connection string
/// forces path-style addressing (emulators); the event runs before signing, so the signature covers the decoded value.</summary>
internal static class S3EmulatorCompatibility
{
    private const string CopySource = "x-amz-copy-source";

    public static void DecodeCopySource(object sender, RequestEventArgs e)
    {
        if (e is WebServiceRequestEventArgs request && request.Headers.TryGetValue(CopySource, out var value))
        {
            request.Headers[CopySource] = Uri.UnescapeDataString(value);
        }
    }
}

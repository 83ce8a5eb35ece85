namespace Codex.Workers.Pipeline;

/// <summary>Marks a public GET route whose answers may be cached (see <see cref="PublicCacheMiddleware"/>).</summary>
public sealed record PublicCacheMetadata(int MaxAgeSeconds);

public static class PublicCache
{
    /// <summary>
    /// The route's 200 answers get an <c>ETag</c> (a hash of the body) and <c>Cache-Control</c>: <c>public</c> for
    /// anonymous callers, <c>private</c> when a session cookie was sent (the answer may depend on it); a matching
    /// <c>If-None-Match</c> gets a <c>304</c> without a body.
    /// </summary>
    public static TBuilder CachePublicly<TBuilder>(this TBuilder builder, int maxAgeSeconds = 60) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicCacheMetadata(maxAgeSeconds));
}

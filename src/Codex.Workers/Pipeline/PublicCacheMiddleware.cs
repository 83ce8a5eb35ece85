using System.Security.Cryptography;

namespace Codex.Workers.Pipeline;

/// <summary>
/// For routes marked <see cref="PublicCache.CachePublicly{TBuilder}"/>: an <c>ETag</c> from the body's hash,
/// <c>Cache-Control</c> (<c>public</c> only for anonymous callers) and <c>304 Not Modified</c> for a matching
/// <c>If-None-Match</c>. Answers are small JSON, so buffering them costs little.
/// </summary>
public sealed class PublicCacheMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<PublicCacheMetadata>();
        if (policy is null || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32] + "\"";
            response.Headers.ETag = etag;
            // The answer may depend on the session (a draft, a body the caller may read): never shared then.
            response.Headers.CacheControl = context.Request.Cookies.ContainsKey(SessionCookie.Name)
                ? "private, no-cache"
                : $"public, max-age={policy.MaxAgeSeconds}";
            response.Headers.Append("Vary", "Cookie");
            if (Matches(context.Request.Headers.IfNoneMatch.ToString(), etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    private static bool Matches(string ifNoneMatch, string etag) =>
        ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);
}

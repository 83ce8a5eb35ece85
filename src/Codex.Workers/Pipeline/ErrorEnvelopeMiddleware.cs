
namespace Codex.Workers.Pipeline;

/// <summary>
/// Turns every failure into the contract's envelope: thrown exceptions, and error statuses left without a body
/// (unknown route, wrong method, rejected by a limiter or by Kestrel's body limits).
/// </summary>
public sealed class ErrorEnvelopeMiddleware(RequestDelegate next, ILogger<ErrorEnvelopeMiddleware> logger, IHostEnvironment env)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var (status, body) = ErrorMapping.FromException(exception, env.IsDevelopment());
            if (status >= 500 && status != 503) logger.LogError(exception, "Unhandled failure on {Path}", context.Request.Path);
            else if (status == 503) logger.LogWarning(exception, "Dependency unavailable on {Path}", context.Request.Path);
            if (context.RequestAborted.IsCancellationRequested) return;
            context.Response.Clear();
            await WriteAsync(context, status, body);
            return;
        }
        // Bodiless: nothing written, or an explicit empty body (ASP.NET's file result answers an unsatisfiable range
        // with the file's Content-Type, Content-Length: 0 and the Content-Range header, which stays).
        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted
            && (context.Response.ContentLength == 0 || context.Response.ContentLength is null && string.IsNullOrEmpty(context.Response.ContentType)))
        {
            var status = context.Response.StatusCode == 415 ? 400 : context.Response.StatusCode;
            context.Response.ContentLength = null;
            await WriteAsync(context, status, ErrorMapping.FromStatus(context.Response.StatusCode, context.Response.Headers.ContentRange));
        }
    }

    /// <summary>Writes an envelope with the contract's JSON options.</summary>
    public static Task WriteAsync(HttpContext context, int status, ErrorBody body)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (body.Details is RateLimitDetails limit)
            context.Response.Headers.RetryAfter = limit.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return context.Response.WriteAsJsonAsync(new ErrorEnvelope(body), ContractJson.Options, "application/json; charset=utf-8");
    }
}

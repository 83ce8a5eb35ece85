using Microsoft.AspNetCore.Http;
using Serilog.Context;

namespace Codex.ServiceDefaults;

/// <summary>
/// Takes the caller's <c>X-Request-Id</c> (the site's, for a worker) or keeps the one ASP.NET Core made, echoes it,
/// and puts it on every log line of the request, so one id follows a page view through every app's log.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        if (IsAcceptable(incoming)) context.TraceIdentifier = incoming;
        context.Response.Headers[Header] = context.TraceIdentifier;
        using (LogContext.PushProperty("RequestId", context.TraceIdentifier))
            await next(context);
    }

    // Only short ids of safe characters reach the logs: a header is caller input.
    private static bool IsAcceptable(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}

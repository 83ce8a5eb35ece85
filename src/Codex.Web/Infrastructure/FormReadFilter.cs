using Codex.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Codex.Web.Infrastructure;

/// <summary>
/// Reads a posted form before anything else does (antiforgery, model binding), so that a form the site cannot read is
/// the visitor's error, shown by the error pages in the request's shape: over a limit (a field over 4 MiB, too many
/// fields, a body over the server's maximum) a 413, malformed a 400. Left to antiforgery, every such form was an
/// "invalid token" whose error page then tried to read the same form again.
/// </summary>
public sealed class FormReadFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before every other authorization filter; the antiforgery filter is 1000.</summary>
    public int Order => int.MinValue;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        // The error page re-executed for this very request does not read the form again (it would fail again).
        if (!request.HasFormContentType || context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.HttpContext.Features.Get<IExceptionHandlerFeature>() is not null) return;
        // An upload passes through to its worker as it arrives: reading it here would spool the whole file first.
        if (context.ActionDescriptor.EndpointMetadata.OfType<StreamedUploadAttribute>().Any()) return;
        // [RequestSizeLimit] is applied by MVC's own filter, which runs after this one: apply it before reading, so a
        // body over an action's limit is refused as it arrives instead of being buffered up to the server's maximum.
        if (context.ActionDescriptor.EndpointMetadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault() is { MaxRequestBodySize: { } limit }
            && context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            context.Result = new StatusCodeResult(e.StatusCode);
        }
        catch (InvalidDataException e)
        {
            context.Result = new StatusCodeResult(FormLimits.IsLimitExceeded(e)
                ? StatusCodes.Status413PayloadTooLarge
                : StatusCodes.Status400BadRequest);
        }
        catch (IOException) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // A multipart body that ends before its closing boundary.
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
        }
    }
}

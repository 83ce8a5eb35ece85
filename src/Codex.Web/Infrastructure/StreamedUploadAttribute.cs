using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Codex.Web.Infrastructure;

/// <summary>
/// An action whose multipart body goes on to a worker as a stream: the site never reads it as a form (nothing is
/// spooled to memory or disk here), so neither <see cref="FormReadFilter"/> nor model binding may touch it, and the
/// antiforgery token cannot come from a form field. It comes in the header <see cref="TokenHeader"/> (the upload
/// script sets it) or, for a plain form without JavaScript, in the form's action URL as
/// <c>?<see cref="TokenQueryKey"/>=</c>, copied into that header before ASP.NET's own antiforgery check runs. The
/// request may be as large as <c>Media:MaxUploadBytes</c> (plus room for the form around the file).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StreamedUploadAttribute : Attribute, IAuthorizationFilter, IOrderedFilter, IResourceFilter
{
    public const string TokenHeader = "X-Codex-Antiforgery";
    public const string TokenQueryKey = "token";
    private const long FormAllowance = 64 * 1024;

    /// <summary>After <see cref="FormReadFilter"/> (which stands aside), before the antiforgery filter (1000).</summary>
    public int Order => int.MinValue + 1;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.ContainsKey(TokenHeader) && http.Request.Query[TokenQueryKey].FirstOrDefault() is { Length: > 0 } token)
            http.Request.Headers[TokenHeader] = token;
        var limit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Media:MaxUploadBytes", Codex.Contracts.Content.MediaRules.DefaultMaxUploadBytes);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit + FormAllowance;
    }

    // Model binding must not read the form either (the action takes its values from the route).
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        context.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context) { }
}

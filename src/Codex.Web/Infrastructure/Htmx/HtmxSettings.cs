using Htmx.TagHelpers;

namespace Codex.Web.Infrastructure.Htmx;

/// <summary>What the layout's <c>htmx-config</c> meta tag (Htmx.TagHelpers) says beyond htmx's defaults.</summary>
public static class HtmxSettings
{
    /// <summary>
    /// Swap 2xx; also swap 400, 422 and 503, whose bodies are the form with its inline errors or a region's notice;
    /// treat other errors as errors (site.js turns them into a toast with a retry); a 204 changes nothing.
    /// </summary>
    public static IReadOnlyList<HtmxResponseHandling> ResponseHandling { get; } =
    [
        new() { Code = "204", Swap = false },
        new() { Code = "[23]..", Swap = true },
        new() { Code = "(400|422|503)", Swap = true, Error = false },
        new() { Code = "[45]..", Swap = false, Error = true },
    ];
}

using AngleSharp;
using AngleSharp.Dom;

namespace Codex.Tests.Infrastructure;

/// <summary>Parses the site's answers with AngleSharp, as a browser would see them.</summary>
public static class Html
{
    private static readonly IBrowsingContext Context = BrowsingContext.New(Configuration.Default);

    public static async Task<IDocument> ParseAsync(this HttpResponseMessage response) =>
        await Context.OpenAsync(request => request.Content(response.Content.ReadAsStream()).Address(response.RequestMessage!.RequestUri!));

    /// <summary>A fragment: parsed into a body without adding a layout around it.</summary>
    public static async Task<(string Raw, IDocument Document)> ParseFragmentAsync(this HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStringAsync();
        return (raw, await Context.OpenAsync(request => request.Content(raw)));
    }

    public static HttpRequestMessage Htmx(string url, bool boosted = false, bool historyRestore = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        if (boosted) request.Headers.Add("HX-Boosted", "true");
        if (historyRestore) request.Headers.Add("HX-History-Restore-Request", "true");
        return request;
    }
}

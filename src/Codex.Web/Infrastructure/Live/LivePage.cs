using System.Globalization;

namespace Codex.Web.Infrastructure.Live;

/// <summary>
/// The pages that listen to <c>GET /events</c> (issue 16; ADR 037): the studio's media page, a content edit page whose
/// media is being prepared, the checkout's success page while it waits, the library and the studio's content list.
/// Each puts <c>hx-ext="sse" sse-connect="@ConnectUrl()"</c> on its page section and loads
/// <c>_LiveScripts</c>; the regions inside name the events that refresh them (<c>data-live</c>, see <c>live.js</c>).
/// </summary>
public static class LivePage
{
    /// <summary>The htmx extension the pages name in <c>hx-ext</c>.</summary>
    public const string Extension = "sse";

    /// <summary>
    /// The stream's URL for a page rendered now: <c>?since=</c> the render time in UNIX milliseconds, so that what was
    /// published between the render and the stream's first connect still reaches the page. The wall clock, not the
    /// site's <see cref="TimeProvider"/>: events are stamped by their version 7 id, which is the wall clock.
    /// </summary>
    public static string ConnectUrl() =>
        SiteRoutes.Events + "?since=" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}

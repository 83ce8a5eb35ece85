using System.Text;
using Codex.ServiceDefaults.Live;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Live;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;

namespace Codex.Web.Features.Events;

/// <summary>
/// <c>GET /events</c> (CONTRACT "Live updates (v2)"; ADR 036): the signed-in user's server-sent events, one stream per
/// tab. First what they missed (since <c>Last-Event-ID</c> on a reconnect, or since <c>?since=</c>, the time the page
/// was rendered, on a first connect), then each event as it comes, and a comment line on an idle stream every
/// <see cref="LiveEventOptions.KeepAlive"/>. A stream ends when what the site knows of its user changes (a sign-out,
/// a password reset, a new membership: <see cref="UserInvalidations"/>) and after <see cref="LiveEventOptions.MaxLifetime"/>;
/// the browser reconnects, is authenticated (and its session renewed) as any request is, and resumes.
/// Pages never depend on it: each shows the state as of its request, and htmx polls where the stream is not open.
/// </summary>
[Authorize]
public sealed class EventsController(LiveEventHub hub, Memberships memberships, UserInvalidations users, LiveEventOptions options,
    TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<EventsController> logger) : Controller
{
    /// <summary>How long a browser waits before it reconnects after the stream ends.</summary>
    public const int RetryMilliseconds = 3000;

    [HttpGet(SiteRoutes.Events)]
    public async Task<IActionResult> Stream(long? since)
    {
        var userId = User.UserId()!.Value;
        var opened = users.Now(); // before the memberships are read: a change while they are is not missed
        if (await StaffOfAsync(userId, HttpContext.RequestAborted) is not { } staffOf)
        {
            // Who it is staff of is unknown for now: no stream (its page keeps polling), and the browser asks again.
            Response.Headers.RetryAfter = "5";
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        // Written by a result, so that the result filters (headers such as Vary) run before the stream starts.
        return new StreamResult(() => WriteStreamAsync(userId, staffOf, since, opened));
    }

    private sealed class StreamResult(Func<Task> write) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => write();
    }

    private async Task WriteStreamAsync(Guid userId, IReadOnlySet<Guid> staffOf, long? since, long opened)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(HttpContext.RequestAborted, lifetime.ApplicationStopping);
        var ct = stopping.Token;
        Response.ContentType = "text/event-stream; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Accel-Buffering"] = "no"; // a proxy in front passes each event on at once
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stream = hub.Open(userId, staffOf);
        var lastEventId = Request.Headers["Last-Event-ID"].ToString();
        var sent = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await WriteAsync($"retry: {RetryMilliseconds}\n: connected\n\n", ct);
            var missedEvents = lastEventId.Length is > 0 and <= 64 ? hub.After(lastEventId, stream)
                : since is { } renderedAt ? hub.PublishedSince(DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(renderedAt, 0, 253402300799999)), stream)
                : [];
            foreach (var missed in missedEvents)
            {
                sent.Add(missed.Id);
                await WriteAsync(Format(missed), ct);
            }
            while (!ct.IsCancellationRequested)
            {
                bool open;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    idle.CancelAfter(options.KeepAlive);
                    try
                    {
                        open = await stream.Events.WaitToReadAsync(idle.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // Idle: end if what the site knows of the user changed, or the stream is old; else say so.
                        if (Expired(userId, opened)) break;
                        await WriteAsync(": keep-alive\n\n", ct);
                        continue;
                    }
                }
                if (!open) break; // ended: too slow, or too many tabs
                while (stream.Events.TryRead(out var next))
                {
                    // An event kept and also waiting (it came while the missed ones were read) is written once.
                    if (sent.Count > 0 && sent.Remove(next.Id)) continue;
                    await WriteAsync(Format(next), ct);
                }
                sent.Clear();
                if (Expired(userId, opened)) break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The tab closed, or the site is stopping: the browser reconnects to another instance and resumes.
        }
    }

    /// <summary>An event in the SSE wire format; the data is one line of JSON.</summary>
    public static string Format(LiveEvent liveEvent) =>
        $"id: {liveEvent.Id}\nevent: {liveEvent.Type}\ndata: {liveEvent.Data.ReplaceLineEndings(" ")}\n\n";

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        await Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await Response.Body.FlushAsync(ct);
    }

    /// <summary>
    /// Whether the stream is done with: what the site knows of its user changed since it opened (a sign-out, a
    /// membership), or it is old. Checked after every write as well as when idle, so a busy stream ends as a quiet one does.
    /// </summary>
    private bool Expired(Guid userId, long opened) =>
        users.DroppedSince(userId, opened) || clock.GetElapsedTime(opened) > options.MaxLifetime;

    /// <summary>The organizations whose media events the user gets (creator or above); null when that is unknown for now.</summary>
    private async Task<IReadOnlySet<Guid>?> StaffOfAsync(Guid userId, CancellationToken ct)
    {
        if (Request.Cookies[SessionCookie.Name] is not { Length: > 0 } token) return new HashSet<Guid>();
        try
        {
            var mine = await memberships.GetAsync(userId, token, ct);
            return mine.Where(m => RoleNames.Rank(m.Role) >= RoleNames.Rank(MemberRole.Creator)).Select(m => m.OrganizationId).ToHashSet();
        }
        catch (Exception e) when (e is WorkerCallException or WorkerUnavailableException)
        {
            logger.LogInformation(e, "Live events: memberships unknown for now; the stream is refused until they are known");
            return null;
        }
    }
}

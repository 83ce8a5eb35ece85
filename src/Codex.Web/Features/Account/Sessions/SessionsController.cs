using Codex.Contracts.Identity;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Account.Sessions;

/// <summary>
/// <c>/account/sessions</c>: where the account is signed in (this device marked), with a button to sign out each other
/// session and one to sign out everywhere else. Signing a device out is undone by signing in again, so it has no
/// confirmation step; the session ends at once on the next request that device makes.
/// </summary>
[Authorize]
public sealed class SessionsController(IdentityClient identity) : FormController
{
    [HttpGet(SiteRoutes.AccountSessions)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var model = new SessionsViewModel(await identity.SessionsAsync(ct));
        return Request.WantsFragment() ? PartialView("_SessionsList", model) : View(model);
    }

    [HttpPost(SiteRoutes.AccountSessions + "/{id:guid}/end")]
    public async Task<IActionResult> End(Guid id, CancellationToken ct)
    {
        try
        {
            await identity.EndSessionAsync(id, ct);
            return Done(SiteRoutes.AccountSessions, "That session is signed out.");
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            TempData[Flash.RefusalKey] = "That session had already ended.";
            return PageResults.Redirect(HttpContext, SiteRoutes.AccountSessions);
        }
    }

    [HttpPost(SiteRoutes.AccountSessions + "/end-others")]
    public async Task<IActionResult> EndOthers(CancellationToken ct)
    {
        var ended = (await identity.EndOtherSessionsAsync(ct)).Ended;
        return Done(SiteRoutes.AccountSessions, ended switch
        {
            0 => "You were not signed in anywhere else.",
            1 => "Signed out of 1 other session.",
            _ => $"Signed out of {ended} other sessions.",
        });
    }
}

/// <summary>/account/sessions: the account's active sessions, this one first.</summary>
public sealed record SessionsViewModel(IReadOnlyList<AccountSessionDto> Sessions)
{
    /// <summary>A short, readable name for a browser's User-Agent (the full string is in the title).</summary>
    public static string Device(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return "Unknown device";
        string? Find(params (string Token, string Name)[] names) =>
            names.FirstOrDefault(n => userAgent.Contains(n.Token, StringComparison.OrdinalIgnoreCase)).Name;
        var browser = Find(("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium", "Chromium"), ("Safari/", "Safari"));
        var system = Find(("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS", "macOS"), ("Linux", "Linux"));
        return (browser, system) switch
        {
            (null, null) => userAgent.Length > 40 ? userAgent[..40] + "…" : userAgent,
            (null, { } s) => s,
            ({ } b, null) => b,
            ({ } b, { } s) => $"{b} on {s}",
        };
    }
}

using System.Text.RegularExpressions;
using Codex.ServiceDefaults;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.DevMail;

/// <summary>
/// <c>/dev/mail</c>: the local mail folder, for developers running without SMTP. Only in Development (or with
/// <c>Codex__DevMail=true</c>, which the browser tests set); a 404 everywhere else.
/// </summary>
public sealed partial class DevMailController(NotificationsClient notifications, IWebHostEnvironment env, CodexOptions codex) : Controller
{
    private bool Enabled => env.IsDevelopment() || codex.DevMail;

    [HttpGet("/dev/mail")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        Enabled ? View(await notifications.ListOutboxAsync(ct)) : NotFound();

    [HttpGet("/dev/mail/{id}")]
    public async Task<IActionResult> Message(string id, CancellationToken ct)
    {
        if (!Enabled) return NotFound();
        var message = await notifications.GetOutboxMessageAsync(id, ct);
        return message is null ? NotFound() : View(new DevMailMessageViewModel(message, Links().Matches(message.Text).Select(m => m.Value).ToList()));
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Links();
}

public sealed record DevMailMessageViewModel(Codex.Contracts.Notifications.OutboxMessageDto Message, IReadOnlyList<string> Links);

using System.Text.Json;
using Codex.Contracts.Notifications;
using Codex.Data;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Puts a message in the mail outbox: a row in the database, written in the caller's request, that the
/// Notifications worker's job renders and sends, retrying with backoff. So a verification mail or a receipt is never
/// lost when the mail server or the Notifications worker is down: it waits in the table until they are back.
/// </summary>
public sealed class MailOutbox(CodexDbContext db, TimeProvider clock)
{
    /// <summary>Queues <paramref name="template"/> for <paramref name="message"/>'s recipient; the message's id.</summary>
    public async Task<Guid> EnqueueAsync(string template, SendEmailRequest message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var mail = new OutgoingMail
        {
            Id = Guid.NewGuid(),
            Template = template,
            Recipient = message.To,
            Payload = JsonSerializer.Serialize(message, ContractJson.Options),
            Status = OutgoingMailStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.OutgoingMail.Add(mail);
        await db.SaveChangesAsync(ct);
        return mail.Id;
    }

    /// <summary>An account mail: a link carrying a one-time token (verification, reset).</summary>
    public Task<Guid> EnqueueAsync(string template, string to, string name, string token, CancellationToken ct) =>
        EnqueueAsync(template, new SendEmailRequest(to, name, token), ct);
}

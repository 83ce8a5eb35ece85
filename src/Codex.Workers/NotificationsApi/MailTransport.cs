using Codex.Contracts.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Codex.Workers.NotificationsApi;

/// <summary>Mail settings (section <c>Smtp</c>); with no <c>Host</c>, mail goes to the local outbox.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Codex <no-reply@codex.local>";

    /// <summary>What is wrong with these settings, one sentence each.</summary>
    public IEnumerable<string> Problems()
    {
        if (Port is < 1 or > 65535) yield return $"{Section}__Port is {Port}; it must be a port number from 1 to 65535.";
        if (!MailboxAddress.TryParse(From, out _))
            yield return $"{Section}__From is \"{From}\"; it must be an address such as \"Codex <no-reply@example.com>\".";
    }
}

/// <summary>Where rendered mail goes.</summary>
public interface IMailTransport
{
    Task<string> SendAsync(string to, RenderedEmailDto email, CancellationToken ct);
}

/// <summary>Builds the MIME message both transports send.</summary>
public static class MailMessages
{
    public static MimeMessage Build(SmtpOptions options, string to, RenderedEmailDto email)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = email.Subject;
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("codex.local");
        message.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();
        return message;
    }
}

/// <summary>Real mail through any SMTP server, by MailKit (STARTTLS when the server offers it).</summary>
public sealed class SmtpMailTransport(SmtpOptions options) : IMailTransport
{
    public async Task<string> SendAsync(string to, RenderedEmailDto email, CancellationToken ct)
    {
        var message = MailMessages.Build(options, to, email);
        using var client = new SmtpClient { Timeout = 15_000 };
        await client.ConnectAsync(options.Host!, options.Port, SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(options.User)) await client.AuthenticateAsync(options.User, options.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
        return message.MessageId ?? "";
    }
}

/// <summary>The embedded default: each message is an <c>.eml</c> file in <c>{DataPath}/outbox</c>, read at /dev/mail.</summary>
public sealed class OutboxMailTransport(SmtpOptions options, CodexOptions codex) : IMailTransport
{
    public string Folder { get; } = Path.Combine(codex.DataFolder, "outbox");

    public async Task<string> SendAsync(string to, RenderedEmailDto email, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var message = MailMessages.Build(options, to, email);
        // Sortable by time, unique, and safe as a file name and a URL segment.
        var id = $"{DateTimeOffset.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
        await message.WriteToAsync(Path.Combine(Folder, id + ".eml"), ct);
        return id;
    }

    public async Task<IReadOnlyList<OutboxMessageDto>> ListAsync(int limit, CancellationToken ct)
    {
        if (!Directory.Exists(Folder)) return [];
        var files = Directory.GetFiles(Folder, "*.eml").OrderDescending(StringComparer.Ordinal).Take(limit);
        var list = new List<OutboxMessageDto>();
        foreach (var file in files) list.Add(await ReadAsync(file, ct));
        return list;
    }

    public async Task<OutboxMessageDto?> FindAsync(string id, CancellationToken ct)
    {
        if (id.Length > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return null;
        var file = Path.Combine(Folder, id + ".eml");
        return File.Exists(file) ? await ReadAsync(file, ct) : null;
    }

    private static async Task<OutboxMessageDto> ReadAsync(string file, CancellationToken ct)
    {
        using var message = await MimeMessage.LoadAsync(file, ct);
        return new OutboxMessageDto(Path.GetFileNameWithoutExtension(file), message.To.ToString(), message.Subject ?? "",
            message.Date, message.TextBody ?? "", message.HtmlBody ?? "");
    }
}

using System.Text.Encodings.Web;
using Codex.Contracts.Notifications;

namespace Codex.Workers.NotificationsApi;

/// <summary>
/// The emails Codex sends, as HTML and plain text. Links are built on the site's public URL
/// (<c>Codex:PublicUrl</c>), so they work from any mail client.
/// </summary>
public sealed class EmailTemplates(IConfiguration config)
{
    private readonly string _publicUrl = (config["Codex:PublicUrl"] is { Length: > 0 } url ? url : "http://localhost:5000").TrimEnd('/');

    public static bool Exists(string template) => template is EmailTemplateNames.VerifyEmail or EmailTemplateNames.ResetPassword;

    public RenderedEmailDto Render(string template, string name, string token) => template switch
    {
        EmailTemplateNames.VerifyEmail => Build(
            "Confirm your email address for Codex",
            name,
            "Thanks for joining Codex. Confirm your email address to sign in:",
            "Confirm my email address",
            $"{_publicUrl}/verify-email?token={Uri.EscapeDataString(token)}",
            "The link works once and expires in 24 hours. If you did not create an account, ignore this email."),
        EmailTemplateNames.ResetPassword => Build(
            "Reset your Codex password",
            name,
            "Someone (hopefully you) asked to reset the password of your Codex account. Choose a new one here:",
            "Choose a new password",
            $"{_publicUrl}/reset-password?token={Uri.EscapeDataString(token)}",
            "The link works once and expires in 1 hour. If you did not ask for it, ignore this email: your password stays as it is."),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown template."),
    };

    private static RenderedEmailDto Build(string subject, string name, string intro, string action, string link, string footer)
    {
        var h = HtmlEncoder.Default;
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{h.Encode(subject)}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5;">
              <p>Hello {h.Encode(name)},</p>
              <p>{h.Encode(intro)}</p>
              <p><a href="{h.Encode(link)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:6px;">{h.Encode(action)}</a></p>
              <p>Or paste this address into your browser:<br><span style="word-break: break-all;">{h.Encode(link)}</span></p>
              <p style="color:#52606d;font-size:14px;">{h.Encode(footer)}</p>
              <p>— Codex</p>
            </body></html>
            """;
        var text = $"""
            Hello {name},

            {intro}

            {link}

            {footer}

            — Codex
            """;
        return new RenderedEmailDto(subject, html, text);
    }
}

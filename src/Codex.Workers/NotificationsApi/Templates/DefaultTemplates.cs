using Codex.Contracts.Notifications;

namespace Codex.Workers.NotificationsApi.Templates;

/// <summary>
/// The built-in wording of each mail, used while no admin edit is stored and restored by a reset. Every mail has the same
/// shape: a greeting, a sentence, a button and the same address written out (so the link works without images and in
/// plain text), and a footer.
/// </summary>
public static class DefaultTemplates
{
    private static readonly Dictionary<string, TemplateContent> All = new(StringComparer.Ordinal)
    {
        [EmailTemplateNames.VerifyEmail] = Build(
            "Confirm your email address for Codex",
            "Thanks for joining Codex. Confirm your email address to sign in:",
            "Confirm my email address",
            "The link works once and expires in 24 hours. If you did not create an account, ignore this email."),
        [EmailTemplateNames.ResetPassword] = Build(
            "Reset your Codex password",
            "Someone (hopefully you) asked to reset the password of your Codex account. Choose a new one here:",
            "Choose a new password",
            "The link works once and expires in 1 hour. If you did not ask for it, ignore this email: your password stays as it is."),
        [EmailTemplateNames.ChangeEmail] = Build(
            "Confirm your new email address for Codex",
            "You asked to use this address for your Codex account. Confirm it here; until you do, your old address stays in use:",
            "Confirm my new email address",
            "The link works once and expires in 24 hours. If you did not ask for this, ignore this email."),
        [EmailTemplateNames.PurchaseReceipt] = Build(
            "Your Codex receipt: {{title}}",
            "Thank you for your purchase. You paid {{amount}} for \u201c{{title}}\u201d, and it is yours for good:",
            "Open {{title}}",
            "Keep this email as your receipt. Item: {{title}}. Amount paid: {{amount}}."),
        [EmailTemplateNames.Invitation] = Build(
            "You are invited to join {{organization}} on Codex",
            "{{invitedBy}} invited you to join {{organization}} on Codex as {{role}}. "
                + "Accept here; if you have no Codex account yet, create one with this email address first:",
            "Join {{organization}}",
            "The link works once and expires in 7 days. If you did not expect this invitation, ignore this email."),
        [EmailTemplateNames.ContentUnpublished] = Build(
            "\u201c{{title}}\u201d was unpublished from Codex",
            "A Codex administrator unpublished \u201c{{title}}\u201d. It no longer appears in the catalogue; its buyers keep access. "
                + "The reason given: {{reason}} You can edit it and publish it again from your studio:",
            "Open it in the studio",
            "If you think this was a mistake, reply to this email."),
    };

    /// <summary>The default of <paramref name="name"/> (one of <see cref="EmailTemplateCatalog.All"/>).</summary>
    public static TemplateContent For(string name) =>
        All.TryGetValue(name, out var template) ? template : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown template.");

    private static TemplateContent Build(string subject, string intro, string action, string footer)
    {
        // The wording above is plain text; in the HTML body it is escaped once here (its placeholders untouched).
        static string H(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
        var html = $$$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{{H(subject)}}}</title></head>
            <body style="font-family: system-ui, sans-serif; color: #1f2933; line-height: 1.5;">
              <p>Hello {{name}},</p>
              <p>{{{H(intro)}}}</p>
              <p><a href="{{link}}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:6px;">{{{H(action)}}}</a></p>
              <p>Or paste this address into your browser:<br><span style="word-break: break-all;">{{link}}</span></p>
              <p style="color:#52606d;font-size:14px;">{{{H(footer)}}}</p>
              <p>— Codex</p>
            </body></html>
            """;
        var text = $$$"""
            Hello {{name}},

            {{{intro}}}

            {{link}}

            {{{footer}}}

            — Codex
            """;
        return new TemplateContent(subject, text, html);
    }
}

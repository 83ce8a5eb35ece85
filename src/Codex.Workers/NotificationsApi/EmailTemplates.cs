using System.Text.Encodings.Web;
using Codex.Contracts.Notifications;

namespace Codex.Workers.NotificationsApi;

/// <summary>
/// The emails Codex sends (account links and purchase receipts), as HTML and plain text. Links are built on the site's public URL
/// (<c>Codex:PublicUrl</c>), so they work from any mail client.
/// </summary>
public sealed class EmailTemplates(CodexOptions codex)
{
    private readonly string _publicUrl = codex.PublicBase;

    public static bool Exists(string template) =>
        template is EmailTemplateNames.VerifyEmail or EmailTemplateNames.ResetPassword or EmailTemplateNames.Receipt
            or EmailTemplateNames.Invitation or EmailTemplateNames.ContentUnpublished or EmailTemplateNames.ChangeEmail;

    /// <summary>Renders any template from the whole request (the receipt needs its title, path and amount).</summary>
    public RenderedEmailDto Render(string template, SendEmailRequest request) => template switch
    {
        EmailTemplateNames.Receipt => Receipt(request),
        EmailTemplateNames.Invitation => Invitation(request),
        EmailTemplateNames.ContentUnpublished => ContentUnpublished(request),
        _ => Render(template, request.Name, request.Token, request.Path),
    };

    public RenderedEmailDto Render(string template, string name, string token, string? next = null) => template switch
    {
        EmailTemplateNames.VerifyEmail => Build(
            "Confirm your email address for Codex",
            name,
            "Thanks for joining Codex. Confirm your email address to sign in:",
            "Confirm my email address",
            $"{_publicUrl}{SiteRoutes.VerifyEmail}?token={Uri.EscapeDataString(token)}"
                + (Codex.Contracts.Auth.AccountRules.IsLocalPath(next) ? "&redirect=" + Uri.EscapeDataString(next!) : ""),
            "The link works once and expires in 24 hours. If you did not create an account, ignore this email."),
        EmailTemplateNames.ResetPassword => Build(
            "Reset your Codex password",
            name,
            "Someone (hopefully you) asked to reset the password of your Codex account. Choose a new one here:",
            "Choose a new password",
            $"{_publicUrl}{SiteRoutes.ResetPassword}?token={Uri.EscapeDataString(token)}",
            "The link works once and expires in 1 hour. If you did not ask for it, ignore this email: your password stays as it is."),
        EmailTemplateNames.ChangeEmail => Build(
            "Confirm your new email address for Codex",
            name,
            "You asked to use this address for your Codex account. Confirm it here; until you do, your old address stays in use:",
            "Confirm my new email address",
            $"{_publicUrl}{SiteRoutes.ConfirmEmailChange}?token={Uri.EscapeDataString(token)}",
            "The link works once and expires in 24 hours. If you did not ask for this, ignore this email."),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown template."),
    };

    private RenderedEmailDto Receipt(SendEmailRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["A receipt names what was bought."];
        if (request.Path is not { Length: > 1 } path || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal))
            errors["path"] = ["Must be a site path starting with a single /."];
        if (request.AmountCents is not >= 0) errors["amountCents"] = ["A receipt states the amount paid."];
        if (errors.Count > 0) throw Pipeline.ApiException.Validation(errors);

        var amount = Money(request.AmountCents!.Value, request.Currency ?? "usd");
        return Build(
            $"Your Codex receipt: {request.Title}",
            request.Name,
            $"Thank you for your purchase. You paid {amount} for “{request.Title}”, and it is yours for good:",
            $"Open {request.Title}",
            _publicUrl + request.Path,
            $"Keep this email as your receipt. Item: {request.Title}. Amount paid: {amount}.");
    }

    private RenderedEmailDto Invitation(SendEmailRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["An invitation names the organization."];
        if (!ContractJson.TryParseWire<MemberRole>(request.Role?.Trim(), out var role)) errors["role"] = ["An invitation names the role offered."];
        if (string.IsNullOrEmpty(request.Token)) errors["token"] = ["An invitation carries its token."];
        if (errors.Count > 0) throw Pipeline.ApiException.Validation(errors);

        var invited = string.IsNullOrWhiteSpace(request.InvitedBy) ? "You have been invited" : $"{request.InvitedBy} invited you";
        return Build(
            $"You are invited to join {request.Title} on Codex",
            request.Name,
            $"{invited} to join {request.Title} on Codex as {RoleNames.WithArticle(role)}. "
                + "Accept here; if you have no Codex account yet, create one with this email address first:",
            $"Join {request.Title}",
            $"{_publicUrl}{SiteRoutes.AcceptInvitation}?token={Uri.EscapeDataString(request.Token)}",
            "The link works once and expires in 7 days. If you did not expect this invitation, ignore this email.");
    }

    private RenderedEmailDto ContentUnpublished(SendEmailRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["The mail names the item that was unpublished."];
        if (string.IsNullOrWhiteSpace(request.Reason)) errors["reason"] = ["The mail says why it was unpublished."];
        if (request.Path is not { Length: > 1 } path || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal))
            errors["path"] = ["Must be a site path starting with a single /."];
        if (errors.Count > 0) throw Pipeline.ApiException.Validation(errors);

        return Build(
            $"“{request.Title}” was unpublished from Codex",
            request.Name,
            $"A Codex administrator unpublished “{request.Title}”. It no longer appears in the catalogue; its buyers keep access. "
                + $"The reason given: {request.Reason} You can edit it and publish it again from your studio:",
            "Open it in the studio",
            _publicUrl + request.Path,
            "If you think this was a mistake, reply to this email.");
    }

    private static string Money(int cents, string currency) =>
        currency.Equals("usd", StringComparison.OrdinalIgnoreCase)
            ? "$" + (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)
            : (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " " + currency.ToUpperInvariant();

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

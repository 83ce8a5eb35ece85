namespace Codex.Contracts.Notifications;

/// <summary>The emails the Notifications worker renders (each an editable template, <see cref="EmailTemplateCatalog"/>).</summary>
public static class EmailTemplateNames
{
    public const string VerifyEmail = "verify-email";
    public const string ResetPassword = "reset-password";
    public const string PurchaseReceipt = "purchase-receipt";
    /// <summary>
    /// The receipt's name before templates became editable: outbox rows queued under it still send, as
    /// <see cref="PurchaseReceipt"/> (<see cref="Canonical"/>). Nothing queues it any more.
    /// </summary>
    public const string LegacyReceipt = "receipt";
    public const string Invitation = "invitation";
    /// <summary>To a creator whose item a platform admin unpublished: its title, the reason, a link to the studio.</summary>
    public const string ContentUnpublished = "content-unpublished";
    /// <summary>Addition to the contract's five: to the new address of an email change, with the link that confirms it.</summary>
    public const string ChangeEmail = "change-email";

    /// <summary>The template a stored name stands for: <see cref="LegacyReceipt"/> is <see cref="PurchaseReceipt"/>.</summary>
    public static string Canonical(string name) => name == LegacyReceipt ? PurchaseReceipt : name;
}

/// <summary>
/// A message of the mail outbox: the values a template is rendered with for one recipient (also the body of the
/// internal <c>POST /api/templates/{template}/send</c>).
/// <paramref name="Token"/> is the one-time token the link carries (empty for a receipt).
/// </summary>
public sealed record SendEmailRequest(string To, string Name, string Token)
{
    /// <summary>Receipt: what was bought; invitation: the organization.</summary>
    public string? Title { get; init; }
    /// <summary>
    /// Receipt: the site path of the content (the link is built on the public URL); verification: where the link
    /// leads after confirming (a local path, e.g. an invitation waiting for the new account).
    /// </summary>
    public string? Path { get; init; }
    /// <summary>Receipt: the amount paid, in minor units, and its currency.</summary>
    public int? AmountCents { get; init; }
    public string? Currency { get; init; }
    /// <summary>Invitation: the role offered (its wire name) and who invited (<see cref="Title"/> is the organization).</summary>
    public string? Role { get; init; }
    public string? InvitedBy { get; init; }
    /// <summary>Content unpublished: why (<see cref="Title"/> is the item, <see cref="Path"/> its studio page).</summary>
    public string? Reason { get; init; }
}

/// <summary>A rendered email.</summary>
public sealed record RenderedEmailDto(string Subject, string Html, string Text);

/// <summary>A message in the development outbox.</summary>
public sealed record OutboxMessageDto(string Id, string To, string Subject, DateTimeOffset SentAt, string Text, string Html);

/// <summary>The header that carries the shared key of worker-to-worker and site-to-worker internal calls.</summary>
public static class InternalAuth
{
    public const string Header = "X-Codex-Internal-Key";

    /// <summary>
    /// Whether <paramref name="given"/> is the configured key, compared in constant time. With no key configured
    /// nothing is accepted: internal routes fail closed.
    /// </summary>
    public static bool Accepts(string? expected, string? given) =>
        !string.IsNullOrEmpty(expected) && given is not null
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(given));
}

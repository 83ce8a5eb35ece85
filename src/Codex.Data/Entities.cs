using Codex.Contracts;

namespace Codex.Data;

// The tables of the whole contract. Times are UTC DateTimeOffset; enums are stored as their names.

public sealed class User
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string Name { get; set; }
    public required string PasswordHash { get; set; }
    public bool EmailVerified { get; set; }
    public UserRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The public handle (<c>/u/{username}</c>): <c>^[a-z0-9_]{3,30}$</c>, unique; none until the user picks one.</summary>
    public string? Username { get; set; }
    /// <summary>Profile text, at most 500 characters.</summary>
    public string? Bio { get; set; }
    public string? WebsiteUrl { get; set; }
    /// <summary>The avatar's storage key (a PNG, JPEG or WebP checked by content), served by the Identity-API.</summary>
    public string? AvatarKey { get; set; }
    /// <summary>Disabled by a platform admin: every session ended, sign-in answers 403 until re-enabled.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>
    /// The account was deleted by its owner: the row stays (anonymised: no email, name or profile; password unusable)
    /// so that purchases keep a buyer for the organizations' books.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }
}

public sealed class Session
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    /// <summary>SHA-256 of the cookie's token, hex; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}

public sealed class OneTimeToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public OneTimeTokenPurpose Purpose { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary><see cref="OneTimeTokenPurpose.ChangeEmail"/>: the new address, confirmed by the link mailed to it.</summary>
    public string? NewEmail { get; set; }
}

public sealed class Organization
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string? LogoUrl { get; set; }
    public string? WebsiteUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Soft deletion by its owner: its content leaves the catalogue, buyers keep access.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>
    /// Suspended by a platform admin (reversible): like a deletion its content leaves the catalogue and cannot be
    /// bought, buyers keep access; its staff still see the studio.
    /// </summary>
    public DateTimeOffset? SuspendedAt { get; set; }
    public OrganizationSettings? Settings { get; set; }
}

/// <summary>
/// An invitation to join an organization with a role: a single-use link (only the token's hash is stored) valid
/// for 7 days, accepted by the account with the invited email (registering first if there is none).
/// </summary>
public sealed class Invitation
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public required string Email { get; set; }
    public MemberRole Role { get; set; }
    public required string TokenHash { get; set; }
    public Guid InvitedById { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedById { get; set; }
    /// <summary>Withdrawn by the organization before it was used.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One state change made through the Admin-API (or an organization's back office through it): who did what to
/// which target, why, and when. Never updated or deleted.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public Guid ActorId { get; set; }
    /// <summary>What was done, e.g. <c>purchase.refund</c>, <c>grant.create</c>.</summary>
    public required string Action { get; set; }
    /// <summary>The kind of target, e.g. <c>purchase</c>, <c>user</c>, <c>organization</c>, <c>content</c>.</summary>
    public required string TargetType { get; set; }
    public required string TargetId { get; set; }
    /// <summary>The organization the change concerns, when it concerns one (its owners may read its part of the log).</summary>
    public Guid? OrganizationId { get; set; }
    public string? Reason { get; set; }
    /// <summary>A small JSON object with the change's particulars (amounts, old and new values).</summary>
    public string? Details { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The last counted view of a content item by one viewer (a user id, or a hash of an anonymous visitor's address
/// and browser): a view within 30 minutes of the last counted one is not counted again.
/// </summary>
public sealed class ContentView
{
    public Guid ContentId { get; set; }
    public required string ViewerKey { get; set; }
    public DateTimeOffset LastCountedAt { get; set; }
}

public sealed class Membership
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public MemberRole Role { get; set; }
    public MembershipStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One row per organization: branding, features and contact (the public part of settings).</summary>
public sealed class OrganizationSettings
{
    public Guid OrganizationId { get; set; }
    public string? LogoUrl { get; set; }
    public string? PrimaryColorHex { get; set; }
    public string? SecondaryColorHex { get; set; }
    public string? AccentColorHex { get; set; }
    public string? BackgroundColorHex { get; set; }
    public string? FontBody { get; set; }
    public string? FontHeading { get; set; }
    public bool EnableSignups { get; set; } = true;
    public bool EnablePurchases { get; set; } = true;
    public string? PlatformName { get; set; }
    public string? SupportEmail { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ContentItem
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public Guid CreatorId { get; set; }
    public User? Creator { get; set; }
    public Guid? MediaId { get; set; }
    public MediaItem? Media { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public ContentType ContentType { get; set; }
    public AccessType AccessType { get; set; }
    public int? PriceCents { get; set; }
    public ContentStatus Status { get; set; }
    public string? ThumbnailUrl { get; set; }
    public int? DurationSeconds { get; set; }
    public string? ContentBody { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>Page views, one of the two inputs of <c>sort=popular</c>.</summary>
    public long ViewCount { get; set; }
    /// <summary>Completed purchases, kept with the purchase so <c>sort=popular</c> needs no join.</summary>
    public long PurchaseCount { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Unpublished by a platform admin: when, and the reason mailed to the creator (the studio shows it).</summary>
    public DateTimeOffset? ModeratedAt { get; set; }
    public string? ModerationReason { get; set; }
    /// <summary>Soft delete: a deleted item is gone for every reader.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>
/// One tag of one item, in lower case: what <c>GET /api/content?tag=</c> looks up, so that a tag filter reads the items
/// that carry the tag and not every item's list. Kept by triggers on <c>content</c> (the ContentTags migration), never
/// written by code; an item's <see cref="ContentItem.Tags"/> stay as the creator wrote them.
/// </summary>
public sealed class ContentTag
{
    public required string Tag { get; set; }
    public Guid ContentId { get; set; }
}

/// <summary>
/// How many published, undeleted items one (organization, creator, type, access) holds: the catalogue's totals are a sum
/// over these few rows instead of a count over every item. Kept by triggers on <c>content</c> in the same transaction
/// as the change (ADR 023), never written by code.
/// </summary>
public sealed class CatalogueCount
{
    public Guid OrganizationId { get; set; }
    public Guid CreatorId { get; set; }
    public ContentType ContentType { get; set; }
    public AccessType AccessType { get; set; }
    public long Items { get; set; }
}

public sealed class MediaItem
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid CreatorId { get; set; }
    /// <summary>What the studio calls it: given at upload, else the file's name.</summary>
    public string Title { get; set; } = "";
    public MediaKind Kind { get; set; }
    public MediaStatus Status { get; set; }
    /// <summary>Key of the file that streams, in the store (local disk or S3 bucket): the upload, or its web-playable rendition.</summary>
    public required string StorageKey { get; set; }
    public required string MimeType { get; set; }
    public long SizeBytes { get; set; }
    public int? DurationSeconds { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>Key of the thumbnail in the store (a frame of a video, a waveform of audio), once transcoding made one.</summary>
    public string? ThumbnailKey { get; set; }
    /// <summary>Why the file could not be made playable, in words for its creator.</summary>
    public string? Error { get; set; }
    public string? OriginalFileName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The transcoding of one media file, kept in the database so that it survives a restart: the Media-API's job runner
/// claims queued jobs, runs them, and reports through the signed callback as an external transcoder would.
/// </summary>
public sealed class TranscodingJob
{
    public Guid Id { get; set; }
    public Guid MediaId { get; set; }
    public MediaItem? Media { get; set; }
    public TranscodingJobStatus Status { get; set; }
    /// <summary>0..100, while running.</summary>
    public int Progress { get; set; }
    /// <summary>Runs started so far (at most 3 before it fails for good).</summary>
    public int Attempts { get; set; }
    /// <summary>When a queued job may run (now, or later after a failed attempt).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>When the running attempt started; a run older than <c>Media:JobTimeout</c> is failed.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class Purchase
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid ContentId { get; set; }
    public ContentItem? Content { get; set; }
    public Guid OrganizationId { get; set; }
    public int PriceCents { get; set; }
    public required string Currency { get; set; }
    public PurchaseStatus Status { get; set; }
    public required string CheckoutSessionId { get; set; }
    public string? PaymentIntentId { get; set; }
    public DateTimeOffset? PurchasedAt { get; set; }
    public DateTimeOffset? RefundedAt { get; set; }
    /// <summary>How much of the price went back to the buyer (a partial refund keeps access; a full one ends it).</summary>
    public int RefundedCents { get; set; }
    /// <summary>Why it was refunded, when Codex refunded it itself (<c>duplicate</c>: paid for something the buyer already owned).</summary>
    public string? RefundReason { get; set; }
    /// <summary>
    /// Complimentary access granted by this organization owner/admin (or platform admin): price 0, no payment; it
    /// unlocks streaming and the library like a purchase.
    /// </summary>
    public Guid? GrantedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A checkout session as Ecom-API created it (Stripe's or the offline test checkout's).</summary>
public sealed class CheckoutSession
{
    public required string Id { get; set; }
    public Guid UserId { get; set; }
    public Guid ContentId { get; set; }
    public int AmountCents { get; set; }
    public required string Currency { get; set; }
    public CheckoutStatus Status { get; set; }
    public required string SessionUrl { get; set; }
    public required string SuccessUrl { get; set; }
    public required string CancelUrl { get; set; }
    public string? PaymentIntentId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Every webhook event received, by the provider's event id (replays are no-ops).</summary>
public sealed class WebhookEvent
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    /// <summary>The payment the event is about, so a refund that arrives before its checkout is found later.</summary>
    public string? PaymentIntentId { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>The first answer to a write carrying an <c>Idempotency-Key</c>, replayed for a repeated key.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; set; }
    public Guid UserId { get; set; }
    public required string Operation { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class PlaybackProgress
{
    public Guid UserId { get; set; }
    public Guid ContentId { get; set; }
    public double PositionSeconds { get; set; }
    public double DurationSeconds { get; set; }
    public bool Completed { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A message in the mail outbox: written by whoever needs mail sent (Auth, Ecom), in their own request, and sent by the
/// Notifications worker's job, which retries with backoff until it goes through or gives up days later.
/// </summary>
public sealed class OutgoingMail
{
    public Guid Id { get; set; }
    /// <summary>The template's name (<c>EmailTemplateNames</c>), rendered when the message is sent.</summary>
    public required string Template { get; set; }
    public required string Recipient { get; set; }
    /// <summary>The template's values (<c>SendEmailRequest</c>) as JSON.</summary>
    public required string Payload { get; set; }
    public OutgoingMailStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>When the sending job may try it (again).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>
/// An email template edited by a platform admin; a template without a row is its built-in default (deleting the row
/// resets it).
/// </summary>
public sealed class EmailTemplate
{
    /// <summary>One of the five names (<c>EmailTemplateNames</c>).</summary>
    public required string Name { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    public Guid? UpdatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One fixed window of one rate limit (ADR 041), e.g. <c>login:someone@example.com</c>: how many permits were
/// taken in the window that ends at <see cref="WindowEndsAtMs"/>. Replicas take permits with one atomic upsert, so a
/// limit holds exactly across any number of them.
/// </summary>
public sealed class RateLimitCounter
{
    public const int MaxKeyLength = 400;

    /// <summary>The limit's name and its partition (an address, an email, a user id).</summary>
    public required string Key { get; set; }
    /// <summary>When the current window ends, in UNIX milliseconds (an integer on both providers, so both compare it alike).</summary>
    public long WindowEndsAtMs { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// One key of the site's data-protection ring (ADR 040), as ASP.NET's EF Core key store writes it: the host reads and
/// writes these rows through its own small context with the store's entity, so that this model knows no ASP.NET type.
/// </summary>
public sealed class DataProtectionKeyRow
{
    public const string Table = "data_protection_keys";

    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string? Xml { get; set; }
}

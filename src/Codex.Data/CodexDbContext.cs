using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Codex.Data;

/// <summary>
/// The one model of every table. Workers take this type; the provider-specific subclasses below exist only so
/// that each provider has its own migrations (SQLite and PostgreSQL differ in column types).
/// </summary>
public abstract class CodexDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<OneTimeToken> OneTimeTokens => Set<OneTimeToken>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<OrganizationSettings> OrganizationSettings => Set<OrganizationSettings>();
    public DbSet<ContentItem> Content => Set<ContentItem>();
    public DbSet<MediaItem> Media => Set<MediaItem>();
    public DbSet<TranscodingJob> TranscodingJobs => Set<TranscodingJob>();
    public DbSet<Purchase> Purchases => Set<Purchase>();
    public DbSet<CheckoutSession> CheckoutSessions => Set<CheckoutSession>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<PlaybackProgress> PlaybackProgress => Set<PlaybackProgress>();
    public DbSet<OutgoingMail> OutgoingMail => Set<OutgoingMail>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ContentView> ContentViews => Set<ContentView>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<EmailTemplate> EmailTemplates => Set<EmailTemplate>();
    public DbSet<CatalogueCount> CatalogueCounts => Set<CatalogueCount>();
    public DbSet<ContentTag> ContentTags => Set<ContentTag>();
    /// <summary>The site's data-protection key ring, shared by every site instance (ADR 040).</summary>
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    /// <summary>Fixed-window counters of the rate limits when replicas share them through the database (ADR 041).</summary>
    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Enums are stored by name, so the database stays readable and reordering an enum breaks nothing.
        configuration.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    /// <summary>An organization's purchases by day, covering what its sales pages read.</summary>
    public const string SalesIndex = "IX_purchases_sales";

    /// <summary>The unique index that lets a buyer hold one completed purchase of an item.</summary>
    public const string OneCompletedPurchasePerBuyer = "IX_purchases_one_completed_per_buyer";

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Email).IsUnique();
            e.Property(x => x.Username).HasMaxLength(30);
            e.HasIndex(x => x.Username).IsUnique();
            e.Property(x => x.Bio).HasMaxLength(500);
            e.Property(x => x.WebsiteUrl).HasMaxLength(2048);
            e.Property(x => x.AvatarKey).HasMaxLength(200);
            e.HasIndex(x => x.CreatedAt); // the admin's signups by day
        });
        model.Entity<Session>(e =>
        {
            e.ToTable("sessions");
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.UserId);
            e.HasIndex(x => x.ExpiresAt); // the sweep
            e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<OneTimeToken>(e =>
        {
            e.ToTable("one_time_tokens");
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.ExpiresAt); // the sweep
            e.Property(x => x.NewEmail).HasMaxLength(320);
            e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.Property(x => x.Slug).HasMaxLength(63);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Slug).IsUnique();
            e.HasOne(x => x.Settings).WithOne().HasForeignKey<OrganizationSettings>(x => x.OrganizationId)
                .OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<OrganizationSettings>(e =>
        {
            e.ToTable("organization_settings");
            e.HasKey(x => x.OrganizationId);
        });
        model.Entity<Membership>(e =>
        {
            e.ToTable("memberships");
            e.HasIndex(x => new { x.OrganizationId, x.UserId }).IsUnique();
            e.HasIndex(x => x.UserId);
            e.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ContentItem>(e =>
        {
            e.ToTable("content");
            e.Property(x => x.Slug).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.Description).HasMaxLength(10_000);
            e.Property(x => x.ModerationReason).HasMaxLength(500);
            // Unique among live items only: a deleted item's slug is free again.
            e.HasIndex(x => new { x.OrganizationId, x.Slug }).IsUnique().HasFilter("\"DeletedAt\" IS NULL");
            // The catalogue's orders have partial expression indexes (raw SQL in the CatalogueAtScale migrations, ADR 023).
            e.HasIndex(x => x.CreatorId);
            e.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Creator).WithMany().HasForeignKey(x => x.CreatorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Media).WithMany().HasForeignKey(x => x.MediaId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<CatalogueCount>(e =>
        {
            // Kept by triggers on content (raw SQL in the CatalogueAtScale migration of each provider, ADR 023).
            e.ToTable("catalogue_counts");
            e.HasKey(x => new { x.OrganizationId, x.CreatorId, x.ContentType, x.AccessType });
        });
        model.Entity<ContentTag>(e =>
        {
            // Kept by triggers on content (raw SQL in the ContentTags migration of each provider): a tag is looked up on
            // the key's first column, and the triggers replace an item's rows through the second index.
            e.ToTable("content_tags");
            e.HasKey(x => new { x.Tag, x.ContentId });
            e.Property(x => x.Tag).HasMaxLength(50);
            e.HasIndex(x => x.ContentId);
        });
        model.Entity<MediaItem>(e =>
        {
            e.ToTable("media");
            e.Property(x => x.StorageKey).HasMaxLength(500);
            e.Property(x => x.MimeType).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.ThumbnailKey).HasMaxLength(500);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.Property(x => x.OriginalFileName).HasMaxLength(500);
            e.HasIndex(x => x.OrganizationId);
        });
        model.Entity<TranscodingJob>(e =>
        {
            e.ToTable("transcoding_jobs");
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => x.MediaId).IsUnique(); // one job per file; a retry runs the same job again
            e.HasIndex(x => new { x.Status, x.NextAttemptAt }); // what the runner claims next
            e.HasOne(x => x.Media).WithMany().HasForeignKey(x => x.MediaId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Purchase>(e =>
        {
            e.ToTable("purchases");
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.CheckoutSessionId).HasMaxLength(255);
            e.HasIndex(x => x.CheckoutSessionId).IsUnique();
            e.Property(x => x.RefundReason).HasMaxLength(100);
            e.HasIndex(x => new { x.UserId, x.ContentId });
            // One paid-for purchase per buyer and item: a second payment for what the buyer owns fails here, however
            // close together the two arrive, and is refunded as a duplicate (see PurchaseFulfilment).
            e.HasIndex(x => new { x.UserId, x.ContentId }, OneCompletedPurchasePerBuyer).IsUnique().HasFilter("\"Status\" = 'Completed'");
            e.HasIndex(x => x.PaymentIntentId);
            e.HasIndex(x => x.PurchasedAt); // the platform's sales by day (Admin-API stats)
            // An organization's sales by day (OrganizationId, PurchasedAt), carrying every column the Admin-API's analytics and
            // customers queries read, so that they scan the index alone, never the table (ADR 021).
            e.HasIndex(x => new
            {
                x.OrganizationId, x.PurchasedAt, x.ContentId, x.UserId, x.PriceCents, x.RefundedCents, x.Status, x.GrantedById, x.RefundReason,
            }, SalesIndex);
            e.HasOne(x => x.Content).WithMany().HasForeignKey(x => x.ContentId).OnDelete(DeleteBehavior.Restrict);
        });
        model.Entity<CheckoutSession>(e =>
        {
            e.ToTable("checkout_sessions");
            e.Property(x => x.Id).HasMaxLength(255);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.HasIndex(x => x.UserId);
            e.HasIndex(x => new { x.Status, x.ExpiresAt }); // the sweep
        });
        model.Entity<WebhookEvent>(e =>
        {
            e.ToTable("webhook_events");
            e.Property(x => x.Id).HasMaxLength(255);
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.PaymentIntentId).HasMaxLength(255);
            e.HasIndex(x => x.PaymentIntentId);
            e.HasIndex(x => x.ReceivedAt); // the sweep
        });
        model.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => new { x.UserId, x.Operation, x.Key });
            e.Property(x => x.Key).HasMaxLength(255);
            e.Property(x => x.Operation).HasMaxLength(100);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.HasIndex(x => x.ExpiresAt); // the sweep
        });
        model.Entity<PlaybackProgress>(e =>
        {
            e.ToTable("playback_progress");
            e.HasKey(x => new { x.UserId, x.ContentId });
        });
        model.Entity<OutgoingMail>(e =>
        {
            e.ToTable("outgoing_mail");
            e.Property(x => x.Template).HasMaxLength(64);
            e.Property(x => x.Recipient).HasMaxLength(320);
            e.Property(x => x.LastError).HasMaxLength(1000);
            // The sending job's query: what is pending and due, oldest first.
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        });
        model.Entity<Invitation>(e =>
        {
            e.ToTable("invitations");
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.OrganizationId);
            e.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EmailTemplate>(e =>
        {
            e.ToTable("email_templates");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Subject).HasMaxLength(300);
            e.Property(x => x.TextBody).HasMaxLength(20_000);
            e.Property(x => x.HtmlBody).HasMaxLength(50_000);
        });
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.TargetType).HasMaxLength(32);
            e.Property(x => x.TargetId).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.Details).HasMaxLength(4000);
            e.HasIndex(x => x.CreatedAt);
            e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        });
        model.Entity<ContentView>(e =>
        {
            e.ToTable("content_views");
            e.HasKey(x => new { x.ContentId, x.ViewerKey });
            e.Property(x => x.ViewerKey).HasMaxLength(64);
            e.HasIndex(x => x.LastCountedAt); // the sweep
        });
        model.Entity<DataProtectionKeyRow>(e =>
        {
            e.ToTable(DataProtectionKeyRow.Table);
        });
        model.Entity<RateLimitCounter>(e =>
        {
            e.ToTable("rate_limit_counters");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(RateLimitCounter.MaxKeyLength);
            e.HasIndex(x => x.WindowEndsAtMs); // the sweep of ended windows
        });
    }
}

/// <summary>The model on SQLite (the embedded default). Times are stored as sortable integers.</summary>
public sealed class SqliteCodexDbContext(DbContextOptions<SqliteCodexDbContext> options) : CodexDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        base.ConfigureConventions(configuration);
        // SQLite has no DateTimeOffset type; as text it cannot be ordered or compared by EF Core.
        configuration.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The model on PostgreSQL (Npgsql); times are <c>timestamptz</c>.</summary>
public sealed class PostgresCodexDbContext(DbContextOptions<PostgresCodexDbContext> options) : CodexDbContext(options);

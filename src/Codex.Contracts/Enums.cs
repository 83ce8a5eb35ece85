namespace Codex.Contracts;

// Wire values are the snake_case lower-case names (ContractJson), e.g. InProgress = "in_progress".

public enum ContentType { Video, Audio, Written }

public enum AccessType { Free, Paid, Members }

public enum ContentStatus { Draft, Published, Archived }

public enum ContentSort { Newest, Oldest, Title, Popular }

/// <summary>A platform-wide role of a user account.</summary>
public enum UserRole { Customer, Creator, Admin }

/// <summary>A user's role within one organization.</summary>
public enum MemberRole { Owner, Admin, Creator, Member }

public enum MembershipStatus { Active, Invited, Suspended }

public enum MediaKind { Video, Audio }

/// <summary>A media file: stored, being probed and transcoded, playable, or failed (with an error).</summary>
public enum MediaStatus { Uploaded, Transcoding, Ready, Failed }

/// <summary>A transcoding job: waiting (or waiting to retry), running, done, or failed for good.</summary>
public enum TranscodingJobStatus { Queued, Running, Succeeded, Failed }

/// <summary>A purchase: <c>Disputed</c> suspends access until the dispute is won (then <c>Completed</c> again) or lost (<c>Refunded</c>).</summary>
public enum PurchaseStatus { Pending, Completed, Refunded, Disputed }

public enum CheckoutStatus { Open, Complete, Expired }

public enum OneTimeTokenPurpose { VerifyEmail, ResetPassword, ChangeEmail }

/// <summary>Where a message of the mail outbox is: waiting (to be tried or retried), sent, or given up on.</summary>
public enum OutgoingMailStatus { Pending, Sent, Failed }

// Package lessons holds the Norwegian lessons of the course, the ordered
// course manifest, and the loader and validator for lesson files.
package lessons
